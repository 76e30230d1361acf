// Every REDCap API method beyond the sync's RedcapClient, by area. Each function takes the RedcapApi
// first and its options (with `signal`) second, and answers parsed, typed data.

export type { SignalOption } from './answers.ts';
export * from './records.ts';
export type { EavRow, FlatRow } from './record-rows.ts';
export * from './import-errors.ts';
export * from './metadata.ts';
export * from './events.ts';
export * from './project.ts';
export * from './files.ts';
export * from './file-repository.ts';
export * from './users.ts';
export * from './dags.ts';
export * from './reports.ts';
export * from './logging.ts';
export * from './surveys.ts';
