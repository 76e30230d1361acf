// Where uploaded bytes live: files attached to records' file-upload fields, and the File
// Repository's folders and documents.

export interface StoredFile {
  name: string;
  mime: string;
  data: Buffer;
}

/** Files in file-upload fields, addressed by record, event, repeat instance and field. */
export class RecordFiles {
  readonly #files = new Map<string, StoredFile>();

  static key(record: string, event: string, instance: number, field: string): string {
    return [record, event, String(instance), field].join('\u0001');
  }

  get(key: string): StoredFile | undefined {
    return this.#files.get(key);
  }

  set(key: string, file: StoredFile): void {
    this.#files.set(key, file);
  }

  delete(key: string): boolean {
    return this.#files.delete(key);
  }

  /** Drops a deleted record's files, or moves them to its new name. */
  moveRecord(record: string, newName?: string): void {
    const prefix = `${record}\u0001`;
    for (const [key, file] of [...this.#files]) {
      if (!key.startsWith(prefix)) continue;
      this.#files.delete(key);
      if (newName !== undefined) this.#files.set(`${newName}\u0001${key.slice(prefix.length)}`, file);
    }
  }
}

export interface RepositoryFolder {
  id: number;
  name: string;
  /** 0 = the top level. */
  parent: number;
  /** Restrictions: a DAG id and/or a role's unique name; undefined = none. */
  dagId?: number;
  role?: string;
}

export interface RepositoryDocument extends StoredFile {
  id: number;
  folder: number;
}

export class FileRepository {
  readonly folders = new Map<number, RepositoryFolder>();
  readonly documents = new Map<number, RepositoryDocument>();
  #nextFolderId: number;
  #nextDocumentId: number;

  constructor(firstFolderId: number, firstDocumentId: number) {
    this.#nextFolderId = firstFolderId;
    this.#nextDocumentId = firstDocumentId;
  }

  createFolder(name: string, parent: number, restrictions: { dagId?: number; role?: string } = {}): RepositoryFolder {
    const folder: RepositoryFolder = { id: this.#nextFolderId++, name, parent, ...restrictions };
    this.folders.set(folder.id, folder);
    return folder;
  }

  addDocument(folder: number, file: StoredFile): RepositoryDocument {
    const document: RepositoryDocument = { ...file, id: this.#nextDocumentId++, folder };
    this.documents.set(document.id, document);
    return document;
  }

  /** Next free doc_id; record files share REDCap's edocs numbering. */
  takeDocumentId(): number {
    return this.#nextDocumentId++;
  }
}
