export const brainstemApps = ['stem', 'modules', 'personal_attributes', 'resources', 'taxonomies', 'dissemination', 'users'] as const;
export type BrainstemApp = (typeof brainstemApps)[number];

export const brainstemPortals = ['private', 'public', 'super'] as const;
export type BrainstemPortal = (typeof brainstemPortals)[number];

/**
 * A custom action at `{model}/{id}/{action}/`. Its method is part of the contract: invitations and group
 * membership change state on a GET, so those are never retried.
 */
export interface BrainstemActionSpec {
  readonly name: string;
  readonly method: 'GET' | 'PATCH';
  /** 'entry': a log entry body; 'none': no body. */
  readonly body: 'entry' | 'none';
}

export interface BrainstemModel {
  /** The URL segment this client sends (the documented one). */
  readonly name: string;
  readonly app: BrainstemApp;
  /** For messages: "data acquisition", "procedure log". */
  readonly label: string;
  /** Envelope key of one record; the first is documented, the rest are spellings we also accept. */
  readonly singularKeys: readonly string[];
  /** Envelope key of a list. */
  readonly pluralKeys: readonly string[];
  /** Users and groups have integer ids; everything else has UUID strings. */
  readonly idKind: 'uuid' | 'integer';
  /** Readable without signing in through the public portal. */
  readonly publicRead: boolean;
  /** Moderated: writes answer with this approval model's envelope instead of the record's. */
  readonly approvalModel: string | null;
  /** For an approval model: the model whose changes it moderates. */
  readonly approves: string | null;
  readonly actions: readonly BrainstemActionSpec[];
  /** The Python tool's convenience-loader includes for this model. */
  readonly defaultIncludes: readonly string[];
  /** Relation field → related model name, for merging sideloaded objects back onto records. */
  readonly relations: Readonly<Record<string, string>>;
  /** Other names clients use for this model (the Python tool's underscored segments, MATLAB's `auth/group`). */
  readonly aliases: readonly string[];
  /** False where no source shows the envelope keys (they are dynamic-rest's defaults, guessed). */
  readonly keysConfirmed: boolean;
}
