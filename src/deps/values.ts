/**
 * The configuration values a workload's containers are given, each with where it is written: `env[].value`,
 * `env[].valueFrom.configMapKeyRef` and `envFrom[].configMapRef` (when the ConfigMap is in the input, in the
 * workload's namespace — Kubernetes resolves both there), every `command` and `args` item, and the workload's explicit
 * declaration (the `netreach.io/depends-on` annotation). Secrets are not read.
 */
import { refOf, type PathSegment } from '../core/source.js';
import type { Container } from '../loader/schemas/index.js';
import { podContainers, type PodContainer } from '../model/ports.js';
import type { ConfigMapNode, Model, Workload } from '../model/types.js';

export interface ConfigValue {
  text: string;
  /** "env PAYMENT_SERVICE_ADDR", "args[2]", "env DATABASE_URL from ConfigMap shop/app key DATABASE_URL". */
  via: string;
  /** The object and path whose scalar holds `text`: TextLocator.part locates a substring of it. */
  host: object;
  path: readonly PathSegment[];
  /** The container whose configuration it is; '' for the workload's own declaration (the annotation). */
  container: string;
  /** The environment variable and, for a ConfigMap value, its key: what `dependencies.patterns[].variables` match. */
  names: readonly string[];
  /** An explicit declaration (`netreach.io/depends-on`): every host in it is meant as a dependency. */
  declared?: true;
  /** A file of a ConfigMap mounted into the container: only cluster names in it count (files hold much else). */
  mounted?: true;
}

/** A workload's explicit dependencies: `netreach.io/depends-on: "name.namespace:port, …"` on it or its pod template. */
export const DEPENDS_ON_ANNOTATION = 'netreach.io/depends-on';

/**
 * Variables whose values name hosts that are not called: proxy exclusion lists (NO_PROXY names hosts reached
 * *without* the proxy, not dependencies), image references (`registry:5000/app:1.2`) and versions or tags.
 */
const NOT_ADDRESSES = /^no_proxy$|(^|_)(image|img|tag|version)$/i;
/** `--image=registry:5000/app:1`, `-image=…`: an image reference given as a flag. */
const IMAGE_FLAG = /^--?[a-z0-9-]*image[a-z0-9-]*=/i;

/** Every value of every container (init containers and sidecars included: they connect too), in document order. */
export function configValues(model: Model, w: Workload): ConfigValue[] {
  const out: ConfigValue[] = [];
  for (const c of podContainers(w.template.spec)) out.push(...containerValues(model, w, c));
  out.push(...declaredValues(w));
  return out;
}

function containerValues(model: Model, w: Workload, { container, name }: PodContainer): ConfigValue[] {
  const out: ConfigValue[] = [];
  const configMap = (cmName: string | undefined): ConfigMapNode | undefined =>
    cmName === undefined ? undefined : model.configMaps.find((cm) => cm.namespace === w.namespace && cm.name === cmName);
  const fromMap = (cm: ConfigMapNode, key: string, variable: string) => {
    const data = cm.manifest.data;
    const text = data?.[key];
    if (data && text !== undefined)
      out.push({ text, via: `env ${variable} from ConfigMap ${cm.namespace}/${cm.name} key ${key}`, host: data, path: [key], container: name, names: [variable, key] });
  };
  const env = (container.env ?? []).filter((e) => !NOT_ADDRESSES.test(e.name));
  for (const e of env) {
    if (typeof e.value === 'string') out.push({ text: e.value, via: `env ${e.name}`, host: e, path: ['value'], container: name, names: [e.name] });
    const ref = e.valueFrom?.configMapKeyRef;
    const cm = configMap(ref?.name);
    if (ref && cm) fromMap(cm, ref.key, e.name);
  }
  // EnvFromSource: "Values defined by an Env with a duplicate key will take precedence"; of several sources defining a
  // key, the last one's value is the container's.
  const defined = new Set((container.env ?? []).map((e) => e.name));
  const fromSources = new Map<string, { cm: ConfigMapNode; key: string }>();
  for (const from of container.envFrom ?? []) {
    const cm = configMap(from.configMapRef?.name);
    if (cm) for (const key of Object.keys(cm.manifest.data ?? {})) fromSources.set(`${from.prefix ?? ''}${key}`, { cm, key });
  }
  for (const [variable, { cm, key }] of fromSources) if (!defined.has(variable) && !NOT_ADDRESSES.test(variable)) fromMap(cm, key, variable);
  out.push(...mountedValues(w, container, name, configMap));
  for (const list of ['command', 'args'] as const)
    (container[list] ?? []).forEach((text, i) => {
      if (typeof text === 'string' && !IMAGE_FLAG.test(text)) out.push({ text, via: `${list}[${i}]`, host: container, path: [list, i], container: name, names: [] });
    });
  return out;
}

/**
 * The files of ConfigMaps the container mounts (`volumes[].configMap`, `projected.sources[].configMap`, with their
 * `items` key → path mapping; a `subPath` mount takes one file): configuration files name the services an app calls
 * as often as its environment does (`spring.datasource.url`, nginx `proxy_pass`, a Prometheus `scrape_configs`).
 */
function mountedValues(w: Workload, container: Container, name: string, configMap: (name: string | undefined) => ConfigMapNode | undefined): ConfigValue[] {
  const out: ConfigValue[] = [];
  for (const mount of container.volumeMounts ?? []) {
    const volume = (w.template.spec.volumes ?? []).find((v) => v.name === mount.name);
    const projections = volume ? [volume.configMap, ...(volume.projected?.sources ?? []).map((s) => s.configMap)] : [];
    for (const projection of projections) {
      const cm = configMap(projection?.name);
      const data = cm?.manifest.data;
      if (!cm || !data || !projection) continue;
      const files = projection.items ? projection.items.map((i) => ({ key: i.key, path: i.path })) : Object.keys(data).map((key) => ({ key, path: key }));
      for (const file of files) {
        const text = data[file.key];
        if (text === undefined || (mount.subPath !== undefined && mount.subPath !== file.path)) continue;
        const at = mount.subPath !== undefined ? mount.mountPath : `${mount.mountPath.replace(/\/$/, '')}/${file.path}`;
        out.push({ text, via: `file ${at} from ConfigMap ${cm.namespace}/${cm.name} key ${file.key}`, host: data, path: [file.key], container: name, names: [file.key], mounted: true });
      }
    }
  }
  return out;
}

/** The annotation on the workload and on its pod template (the same object for a bare Pod), each once. */
function declaredValues(w: Workload): ConfigValue[] {
  const manifest = w.object?.manifest as { metadata?: { annotations?: Record<string, unknown> } } | undefined;
  if (!manifest) return [];
  const templateMeta = w.template.specPath.slice(0, -1).reduce<unknown>((at, key) => (at as Record<string | number, unknown> | undefined)?.[key], manifest) as
    | { metadata?: { annotations?: Record<string, unknown> } }
    | undefined;
  const holders = [...new Set([manifest.metadata?.annotations, templateMeta?.metadata?.annotations])];
  const out: ConfigValue[] = [];
  for (const annotations of holders) {
    const text = annotations?.[DEPENDS_ON_ANNOTATION];
    if (annotations && typeof text === 'string')
      out.push({ text, via: `annotation ${DEPENDS_ON_ANNOTATION}`, host: annotations, path: [DEPENDS_ON_ANNOTATION], container: '', names: [], declared: true });
  }
  return out;
}

/** Where the whole value is written (callers narrow it to a substring with TextLocator.part). */
export function valueAt(v: ConfigValue) {
  return refOf(v.host, ...v.path);
}
