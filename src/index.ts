/** netreach as a library: `analyze()` and the types and reporters its consumers need. */
export { analyze, analyzeTexts, type AnalyzeOptions, type AnalysisResult } from './analyze.js';
export type { Finding, Level, RelatedLocation, FlowStep } from './core/finding.js';
export type { Region, SourceRef, Path } from './core/source.js';
export type { RuleDescriptor } from './core/rule-descriptor.js';
export { render, type ReportFormat, type ReportInput } from './reporters/index.js';
export { loadConfig, ConfigError, type NetreachConfig } from './config/index.js';
export { buildModel } from './model/index.js';
export type { Model } from './model/types.js';
