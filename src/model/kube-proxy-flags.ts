/**
 * kube-proxy's mode as its DaemonSet's command line states it (kubeadm-style and older clusters): `--proxy-mode=ipvs`
 * or `--proxy-mode ipvs`, with `--feature-gates=NFTablesProxyMode=true`, in `command` or `args`, also inside a shell
 * string (`sh -c "kube-proxy --proxy-mode=ipvs …"`). Each value is located at the command/args item holding it.
 *
 * "This parameter is ignored if a config file is specified by --config" (kube-proxy command-line reference, flags
 * --proxy-mode and --feature-gates): a container that also passes `--config` runs with its configuration file.
 * DaemonSets pinned to Windows nodes are left out: Windows kube-proxy has only the kernelspace mode.
 */
import { maybeRefOf, type SourceRef } from '../core/source.js';
import type { Container } from '../loader/schemas/index.js';
import { stated, type Setting } from './cni/values.js';
import type { Model, Workload } from './types.js';

export interface KubeProxyFlags {
  /** The DaemonSet's metadata.name (the configuration as a whole). */
  at: SourceRef;
  mode: Setting<string>;
  featureGates: Record<string, Setting<boolean>>;
  /** true when the container also passes --config: kube-proxy then ignores these flags. */
  configFile: boolean;
}

/** The modes kube-proxy accepts (KubeProxyConfiguration mode). */
const KUBE_PROXY_MODES = ['iptables', 'ipvs', 'nftables', 'kernelspace'];

interface Token {
  text: string;
  at: SourceRef;
}

/** Every whitespace-separated word of command and args, located at the item it comes from. */
function tokens(container: Container): Token[] {
  const out: Token[] = [];
  for (const field of ['command', 'args'] as const) {
    const items = container[field];
    if (!Array.isArray(items)) continue;
    items.forEach((item, i) => {
      const at = maybeRefOf(container, field, i);
      if (typeof item !== 'string' || !at) return;
      for (const word of item.trim().split(/\s+/)) if (word !== '') out.push({ text: word.replace(/^["']|["']$/g, ''), at });
    });
  }
  return out;
}

/** The value of `--name=value` or `--name value` (the first occurrence), with its location. */
function flag(words: readonly Token[], name: string): Token | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w.text.startsWith(`--${name}=`)) return { text: w.text.slice(name.length + 3), at: w.at };
    if (w.text === `--${name}`) return words[i + 1];
  }
  return undefined;
}

const isKubeProxy = (c: Container): boolean => c.name === 'kube-proxy' || /(^|\/)kube-proxy(:|@|$)/.test(c.image ?? '');

function pinnedToWindows(w: Workload): boolean {
  const selector = w.template.spec.nodeSelector ?? {};
  return selector['kubernetes.io/os'] === 'windows' || selector['beta.kubernetes.io/os'] === 'windows';
}

/** The kube-proxy containers of the input's DaemonSets that state --proxy-mode. */
export function kubeProxyFlags(model: Model): KubeProxyFlags[] {
  const out: KubeProxyFlags[] = [];
  for (const w of model.workloads) {
    if (w.kind !== 'DaemonSet' || w.implicit || !w.object || pinnedToWindows(w)) continue;
    const at = maybeRefOf(w.object.manifest, 'metadata', 'name');
    if (!at) continue;
    for (const c of w.template.spec.containers ?? []) {
      if (!isKubeProxy(c)) continue;
      const words = tokens(c);
      const mode = flag(words, 'proxy-mode');
      // An unknown mode fails kube-proxy's configuration validation: nothing runs with it.
      if (!mode || !KUBE_PROXY_MODES.includes(mode.text)) continue;
      const featureGates: Record<string, Setting<boolean>> = {};
      const gates = flag(words, 'feature-gates');
      for (const pair of gates?.text.split(',') ?? []) {
        const [name, value] = pair.split('=').map((s) => s.trim());
        if (name && (value === 'true' || value === 'false')) featureGates[name] = stated(value === 'true', gates!.at);
      }
      const configFile = words.some((t) => t.text === '--config' || t.text.startsWith('--config='));
      out.push({ at, mode: stated(mode.text, mode.at), featureGates, configFile });
    }
  }
  return out;
}
