import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface TestServer {
  url: string;
  requests: number;
  close(): Promise<void>;
}

/** A throw-away HTTP server on 127.0.0.1:0 whose behaviour each test scripts per request number. */
export async function startTestServer(handler: (request: IncomingMessage, response: ServerResponse, index: number) => void): Promise<TestServer> {
  let count = 0;
  const server: Server = createServer((request, response) => {
    const index = count++;
    handler(request, response, index);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    get requests() {
      return count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
