/** CloudFormation templates: recognised among loaded documents and evaluated statically (see template.ts). */
export {
  evaluateTemplate,
  isCloudFormationTemplate,
  type ConditionValue,
  type EvaluateOptions,
  type EvaluatedTemplate,
  type TemplateOutput,
  type TemplateParameter,
  type TemplateResource,
} from './template.js';
export { cidrBlocks } from './cidr.js';
export {
  asList,
  asString,
  describe,
  get,
  isSymbolic,
  sameValue,
  toPlain,
  type ListValue,
  type MapValue,
  type Resolved,
  type Scalar,
  type ScalarValue,
  type Symbolic,
} from './values.js';
