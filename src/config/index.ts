/** netreach.yaml: finding, parsing, validating. The public face of src/config. */
export { ConfigError, formatProblem, type ConfigProblem } from './error.js';
export { CONFIG_FILE_NAMES, defaultConfig, findConfigFile, loadConfig, parseConfig, type LoadConfigOptions } from './load.js';
export {
  ConfigSchema,
  DEFAULT_INGRESS_CONTROLLER_NAMESPACE,
  isPortRange,
  type ConfigData,
  type ExternalNetwork,
  type Invariant,
  type DependenciesConfig,
  type InvariantPeer,
  type NetreachConfig,
  type RuleSetting,
} from './schema.js';
export { parseSelector, type ParsedSelector, type SelectorRequirement } from './selector.js';
