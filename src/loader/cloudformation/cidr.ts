/**
 * Fn::Cidr's address arithmetic, as the AWS template reference defines it
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-cidr.html):
 * - `cidrBits` is the number of host bits of each new block — the inverse of its mask: the blocks are
 *   /(32 − cidrBits) for IPv4 and /(128 − cidrBits) for IPv6, whatever the prefix of `ipBlock`
 *   (`!Cidr ["192.168.0.0/24", 6, 5]` gives six /27s, 192.168.0.0/27 … 192.168.0.160/27);
 * - `count` is 1 to 256; the blocks are taken in order from the start of `ipBlock`.
 * A block larger than `ipBlock` is a template error ("invalid CIDR block size", seen from CloudFormation
 * in eksctl-io/eksctl#4904: a /16 with cidrBits 23). More blocks than fit in `ipBlock` is refused here too:
 * the reference does not say what AWS returns, and no deployed template can depend on it.
 */
import { BITS, formatCidr, parseCidr } from '../../engine/ip.js';

export const MAX_CIDR_COUNT = 256;

/** The first `count` blocks of `cidrBits` host bits inside `ipBlock`, or why there are none. */
export function cidrBlocks(ipBlock: string, count: number, cidrBits: number): { blocks: string[] } | { error: string; arg: 0 | 1 | 2 } {
  const block = parseCidr(ipBlock);
  if (!block) return { error: `Fn::Cidr: ipBlock ${JSON.stringify(ipBlock)} is not a CIDR block`, arg: 0 };
  if (!Number.isInteger(count) || count < 1 || count > MAX_CIDR_COUNT) {
    return { error: `Fn::Cidr: count must be an integer from 1 to ${MAX_CIDR_COUNT}, not ${count}`, arg: 1 };
  }
  const bits = BITS[block.family];
  const hostBits = bits - block.prefix;
  if (!Number.isInteger(cidrBits) || cidrBits < 0 || cidrBits > hostBits) {
    return {
      error: `Fn::Cidr: invalid CIDR block size: cidrBits ${cidrBits} asks for /${bits - cidrBits} blocks, which must fit in ${formatCidr(block.family, block.lo, block.prefix)} (cidrBits 0 to ${hostBits})`,
      arg: 2,
    };
  }
  const available = 1n << BigInt(hostBits - cidrBits);
  if (BigInt(count) > available) {
    return {
      error: `Fn::Cidr: ${formatCidr(block.family, block.lo, block.prefix)} holds ${available} blocks of /${bits - cidrBits}, not ${count}`,
      arg: 1,
    };
  }
  const size = 1n << BigInt(cidrBits);
  const blocks: string[] = [];
  for (let i = 0n; i < BigInt(count); i++) blocks.push(formatCidr(block.family, block.lo + i * size, bits - cidrBits));
  return { blocks };
}
