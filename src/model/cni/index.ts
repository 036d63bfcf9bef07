export {
  cniSettings,
  type AwsVpcCniSettings,
  type CalicoIpPoolSettings,
  type CalicoSettings,
  type CiliumSettings,
  type CniName,
  type CniSettings,
  type CniSettingsOptions,
  type DetectedCni,
  type EniConfigSettings,
  type FlannelSettings,
  type KubeadmSettings,
  type KubeProxySettings,
  type NodePodCidrs,
  type SecurityGroupPolicySettings,
} from './settings.js';
export { vpcCniAssignsPods, vpcCniNetworking } from './vpc-cni.js';
export { parseGoBool, parseGoInt, TextLocator, type CniProblem, type LocatedItem, type Setting, type SettingSource } from './values.js';
