import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../../../../shared/contract/errors.ts';

/**
 * A multipart/form-data body streamed from a file on disk, never held in memory, with an exact
 * Content-Length (Brim runs on Django, whose WSGI servers do not take chunked request bodies). Fields go
 * before the file, in the order Python's `requests` sends them.
 */
export interface MultipartFile {
  field: string;
  path: string;
  /** The name Brim records (`original_filename`); defaults to the file's own name. */
  fileName?: string | undefined;
  contentType: string;
}

export interface StreamedMultipart {
  contentType: string;
  contentLength: number;
  /** A fresh body stream; `onBytes(sent)` is told the running total as chunks are pulled by the network. */
  open(onBytes?: (sent: number) => void): ReadableStream<Uint8Array>;
}

const chunkSize = 64 * 1024;

/** Quotes a Content-Disposition parameter the way browsers do (RFC 7578 §4.2): `"`, CR and LF escaped. */
function quoteParam(value: string): string {
  return value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export async function streamedMultipart(fields: ReadonlyArray<readonly [string, string]>, file: MultipartFile): Promise<StreamedMultipart> {
  let size: number;
  try {
    const info = await stat(file.path);
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch (error) {
    throw new AppError('FILE_SYSTEM', `The file to upload (${file.fileName ?? basename(file.path)}) cannot be read any more. Add it again.`, { cause: error });
  }
  const boundary = `----CarrelBrim${randomBytes(12).toString('hex')}`;
  const encoder = new TextEncoder();
  let headText = '';
  for (const [name, value] of fields) {
    headText += `--${boundary}\r\nContent-Disposition: form-data; name="${quoteParam(name)}"\r\n\r\n${value}\r\n`;
  }
  const fileName = file.fileName ?? basename(file.path);
  headText += `--${boundary}\r\nContent-Disposition: form-data; name="${quoteParam(file.field)}"; filename="${quoteParam(fileName)}"\r\nContent-Type: ${file.contentType}\r\n\r\n`;
  const head = encoder.encode(headText);
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
  const contentLength = head.byteLength + size + tail.byteLength;

  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength,
    open(onBytes) {
      let sent = 0;
      let fileBytes = 0;
      let stage: 'head' | 'file' | 'tail' | 'done' = 'head';
      const reader = createReadStream(file.path, { highWaterMark: chunkSize });
      const iterator = reader[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      const emit = (controller: ReadableStreamDefaultController<Uint8Array>, chunk: Uint8Array): void => {
        sent += chunk.byteLength;
        controller.enqueue(chunk);
        onBytes?.(sent);
      };
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (stage === 'head') {
            stage = 'file';
            emit(controller, head);
            return;
          }
          if (stage === 'file') {
            let next: IteratorResult<Buffer>;
            try {
              next = await iterator.next();
            } catch (error) {
              controller.error(new AppError('FILE_SYSTEM', `Reading ${fileName} failed during the upload. Check that the file is still there, then try again.`, { cause: error }));
              return;
            }
            if (!next.done) {
              fileBytes += next.value.byteLength;
              if (fileBytes > size) {
                controller.error(new AppError('FILE_SYSTEM', `${fileName} changed while it was being uploaded. Wait until nothing writes to it, then try again.`));
                reader.destroy();
                return;
              }
              emit(controller, new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
              return;
            }
            if (fileBytes !== size) {
              controller.error(new AppError('FILE_SYSTEM', `${fileName} changed while it was being uploaded. Wait until nothing writes to it, then try again.`));
              return;
            }
            stage = 'tail';
          }
          if (stage === 'tail') {
            stage = 'done';
            emit(controller, tail);
            controller.close();
          }
        },
        cancel() {
          reader.destroy();
        },
      });
    },
  };
}
