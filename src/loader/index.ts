/** The loader: files → documents → validated Kubernetes objects, each field traceable to its source text. */
export { loadPaths, loadTexts } from './load.js';
export { parseYaml, resolveLimits, type ParseResult } from './yaml-adapter.js';
export { DEFAULT_LIMITS } from './types.js';
export type {
  KubeManifest,
  LoadedObject,
  LoadIssue,
  LoadIssueCode,
  LoadLimits,
  LoadOptions,
  LoadResult,
  LoadStats,
  ParsedDocument,
} from './types.js';
