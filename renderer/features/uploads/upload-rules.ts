import type { UploadRules } from './upload-queue.ts';

/**
 * REDCap's real limit is a server setting (Control Center "File Upload Settings" and PHP's limits) that
 * the API does not report; 500 MB is above what most servers allow and stops the obviously wrong file
 * before it is copied. A smaller server limit still comes back as REDCap's own error for that file.
 */
export const repositoryUploadRules: UploadRules = { maxBytes: 500 * 1024 * 1024, targetLabel: 'the file repository' };

/**
 * Brim's reference documents (brim-api.md I-2: PDF, DOCX, TXT or MD). Brim publishes no size limit; 100 MB
 * is far above a protocol or data dictionary and stops a mis-dropped archive before it is copied.
 */
export const brimDocumentRules: UploadRules = { maxBytes: 100 * 1024 * 1024, allowedExtensions: ['pdf', 'docx', 'txt', 'md'], targetLabel: 'Brim' };

/** Record file-upload fields: the same server-side limits as the file repository apply (see above). */
export const recordFieldUploadRules: UploadRules = { maxBytes: 500 * 1024 * 1024, targetLabel: "a record's file field" };
