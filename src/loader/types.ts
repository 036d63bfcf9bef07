import type { DocumentSource, SourceRef } from '../core/source.js';

/**
 * What can go wrong with user input. Never thrown: collected, reported by the `input/…` rules, and
 * analysis continues on everything else.
 */
export type LoadIssueCode =
  /** YAML/JSON syntax error (yaml's doc.errors). */
  | 'YAML_SYNTAX'
  /** The same key twice in one mapping. */
  | 'DUPLICATE_KEY'
  /** A document whose root is a scalar or a sequence where a manifest (mapping) is expected. */
  | 'NOT_AN_OBJECT'
  /** A field of the wrong type, a missing required field, an invalid port/name/CIDR/IP … (zod). */
  | 'INVALID_FIELD'
  /** Alias expansion, nesting depth or file size beyond the loader's bounds. */
  | 'LIMIT_EXCEEDED'
  /** A file that exists but cannot be read (permissions, I/O error, invalid UTF-8 …). */
  | 'UNREADABLE';

export interface LoadIssue {
  code: LoadIssueCode;
  /** Single-line, names the offending value and what was expected. */
  message: string;
  at: SourceRef;
  /** The document or object was dropped (as opposed to one field removed and the rest kept). */
  fatal: boolean;
  /** Identity of the object the issue is in, when known: "shop/Service/api". */
  object?: string;
}

/** A Kubernetes object as loaded: the validated manifest (the loader's own objects, so `refOf` works on them). */
export interface LoadedObject<M extends KubeManifest = KubeManifest> {
  apiVersion: string;
  kind: string;
  manifest: M;
  /** Location of the object's root (its `kind:` key is what rules fall back on). */
  at: SourceRef;
}

/** The part every Kubernetes object shares (validated by the loader for every known kind). */
export interface KubeManifest {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ apiVersion?: string | undefined; kind?: string | undefined; name: string; uid?: string | undefined; controller?: boolean | undefined }>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface LoadStats {
  files: number;
  documents: number;
  objects: number;
  /** Files passed over because they look binary (NUL bytes). */
  binaryFiles: string[];
  /** Objects of kinds netreach does not model (CRDs, RBAC …), by `apiVersion/kind`, counted for --verbose. */
  unknownKinds: Record<string, number>;
  /** Documents that are mappings but not Kubernetes objects (no apiVersion/kind): docker-compose, Helm values … */
  nonKubernetesDocuments: number;
}

/** One YAML/JSON document as plain JS values (objects, arrays, strings, numbers, booleans, null), with its field regions. */
export interface ParsedDocument {
  /** 0-based index of the document in its file (empty documents count). */
  index: number;
  /** null for an empty document. */
  value: unknown;
  source: DocumentSource;
  /**
   * Application tags (`!Ref`, `!GetAtt` … — anything but the standard `!!` ones) by `pathKey(path)`,
   * so the CloudFormation loader can tell `!Ref x` from `x`.
   */
  tags?: ReadonlyMap<string, string>;
}

export interface LoadResult {
  objects: LoadedObject[];
  issues: LoadIssue[];
  /** Inputs that do not exist or cannot be opened at all (missing path, permission denied): the CLI exits 2. */
  failures: { path: string; message: string }[];
  /**
   * Mapping documents that are not objects netreach models: no string apiVersion/kind (CloudFormation,
   * describe-* JSON, Helm values …) or a kind it does not model (eksctl's ClusterConfig, CRDs …).
   * The VPC loaders read these.
   */
  otherDocuments: ParsedDocument[];
  /** File text by the `file` string used in SourceRefs: reporters hash lines from it (SARIF fingerprints). */
  texts: Map<string, string>;
  stats: LoadStats;
}

export interface LoadOptions {
  /** Working directory that relative input paths and SourceRef.file are relative to (default process.cwd()). */
  cwd?: string;
  /** Name used for stdin input in locations (default `<stdin>`). */
  stdinName?: string;
  /** Text of stdin, when `-` is among the inputs (the CLI reads it; tests pass it directly). */
  stdinText?: string;
  /** gitignore-style patterns of paths to leave out (from netreach.yaml `exclude`). */
  exclude?: string[];
  limits?: Partial<LoadLimits>;
}

export interface LoadLimits {
  /** Bytes; a larger file is reported (LIMIT_EXCEEDED) and not parsed. */
  maxFileBytes: number;
  /** Nesting depth of mappings/sequences inside one document. */
  maxDepth: number;
  /** Alias dereferences inside one document (alias bombs). */
  maxAliases: number;
  /** Nodes materialised from one document, aliases expanded. */
  maxNodes: number;
}

export const DEFAULT_LIMITS: LoadLimits = {
  maxFileBytes: 16 * 1024 * 1024,
  maxDepth: 128,
  maxAliases: 1000,
  maxNodes: 2_000_000,
};
