/** Pods and the controllers that stamp them out (core/v1, apps/v1, batch/v1). */
import { z } from 'zod';
import { dnsLabel, intOrPortName, ipAddress, labelSelector, labels, manifest, portName, portNumber, protocol } from './common.js';

const containerPort = z.looseObject({
  containerPort: portNumber,
  hostPort: portNumber.optional(),
  hostIP: ipAddress.optional(),
  name: portName.optional(),
  protocol: protocol.optional(),
});
export type ContainerPort = z.infer<typeof containerPort>;

const keyRef = z.looseObject({ name: z.string().optional(), key: z.string(), optional: z.boolean().optional() });

const envVar = z.looseObject({
  name: z.string(),
  value: z.string({ error: 'expected a string (quote numbers and booleans in env values)' }).optional(),
  valueFrom: z
    .looseObject({ configMapKeyRef: keyRef.optional(), secretKeyRef: keyRef.optional() })
    .optional(),
});
export type EnvVar = z.infer<typeof envVar>;

const envFromSource = z.looseObject({
  prefix: z.string().optional(),
  configMapRef: z.looseObject({ name: z.string(), optional: z.boolean().optional() }).optional(),
  secretRef: z.looseObject({ name: z.string(), optional: z.boolean().optional() }).optional(),
});

const probe = z.looseObject({
  httpGet: z.looseObject({ port: intOrPortName, path: z.string().optional(), scheme: z.string().optional() }).optional(),
  tcpSocket: z.looseObject({ port: intOrPortName }).optional(),
  grpc: z.looseObject({ port: portNumber, service: z.string().optional() }).optional(),
});

/** `name` is required by the API; cluster dumps and test inputs often leave it out, and no analysis needs it. */
const container = z.looseObject({
  name: dnsLabel.optional(),
  image: z.string().optional(),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  ports: z.array(containerPort).optional(),
  env: z.array(envVar).optional(),
  envFrom: z.array(envFromSource).optional(),
  readinessProbe: probe.optional(),
  livenessProbe: probe.optional(),
  startupProbe: probe.optional(),
  /** Native sidecars: an init container with restartPolicy Always keeps running beside the app. */
  restartPolicy: z.string().optional(),
  volumeMounts: z.array(z.looseObject({ name: z.string(), mountPath: z.string(), subPath: z.string().optional() })).optional(),
});
export type Container = z.infer<typeof container>;

/** A ConfigMap projected into a volume: all its keys as files, or the `items` listed (key → path). */
const configMapProjection = z.looseObject({
  name: z.string().optional(),
  items: z.array(z.looseObject({ key: z.string(), path: z.string() })).optional(),
});

const volume = z.looseObject({
  name: z.string(),
  configMap: configMapProjection.optional(),
  projected: z.looseObject({ sources: z.array(z.looseObject({ configMap: configMapProjection.optional() })).optional() }).optional(),
});
export type Volume = z.infer<typeof volume>;

const toleration = z.looseObject({
  key: z.string().optional(),
  operator: z.enum(['Exists', 'Equal']).optional(),
  value: z.string().optional(),
  effect: z.string().optional(),
});
export type Toleration = z.infer<typeof toleration>;

/**
 * The API requires at least one container; netreach accepts a pod spec without any (cluster dumps and
 * other analyzers' test inputs have them), since what it analyses is labels, ports and placement.
 */
export const podSpec = z.looseObject({
  containers: z.array(container).default([]),
  initContainers: z.array(container).optional(),
  hostNetwork: z.boolean().optional(),
  nodeName: z.string().optional(),
  nodeSelector: z.record(z.string(), z.string()).optional(),
  affinity: z.looseObject({}).optional(),
  tolerations: z.array(toleration).optional(),
  hostname: z.string().optional(),
  subdomain: z.string().optional(),
  dnsPolicy: z.string().optional(),
  serviceAccountName: z.string().optional(),
  volumes: z.array(volume).optional(),
});
export type PodSpec = z.infer<typeof podSpec>;

const templateMeta = z.looseObject({ labels: labels.optional(), annotations: z.record(z.string(), z.string()).optional() });

export const podTemplateSpec = z.looseObject({ metadata: templateMeta.optional(), spec: podSpec });
export type PodTemplateSpec = z.infer<typeof podTemplateSpec>;

const replicas = z.int({ error: 'expected a whole number of replicas' }).min(0, { error: 'replicas cannot be negative' });

export const PodSchema = manifest({ spec: podSpec.default({ containers: [] }) });
export type Pod = z.infer<typeof PodSchema>;

export const DeploymentSchema = manifest({
  spec: z.looseObject({ replicas: replicas.optional(), selector: labelSelector, template: podTemplateSpec }),
});
export type Deployment = z.infer<typeof DeploymentSchema>;

export const ReplicaSetSchema = DeploymentSchema;
export type ReplicaSet = Deployment;

export const StatefulSetSchema = manifest({
  spec: z.looseObject({
    replicas: replicas.optional(),
    serviceName: z.string().optional(),
    selector: labelSelector,
    template: podTemplateSpec,
  }),
});
export type StatefulSet = z.infer<typeof StatefulSetSchema>;

export const DaemonSetSchema = manifest({
  spec: z.looseObject({ selector: labelSelector, template: podTemplateSpec }),
});
export type DaemonSet = z.infer<typeof DaemonSetSchema>;

/** ReplicationController predates LabelSelector: its selector is a plain map (defaulting to the template's labels). */
export const ReplicationControllerSchema = manifest({
  spec: z.looseObject({
    replicas: replicas.optional(),
    selector: z.record(z.string(), z.string()).optional(),
    template: podTemplateSpec,
  }),
});
export type ReplicationController = z.infer<typeof ReplicationControllerSchema>;

const jobSpec = z.looseObject({
  parallelism: replicas.optional(),
  completions: replicas.optional(),
  template: podTemplateSpec,
});

export const JobSchema = manifest({ spec: jobSpec });
export type Job = z.infer<typeof JobSchema>;

export const CronJobSchema = manifest({
  spec: z.looseObject({
    schedule: z.string(),
    jobTemplate: z.looseObject({ metadata: templateMeta.optional(), spec: jobSpec }),
  }),
});
export type CronJob = z.infer<typeof CronJobSchema>;

export const HorizontalPodAutoscalerSchema = manifest({
  spec: z.looseObject({
    scaleTargetRef: z.looseObject({ apiVersion: z.string().optional(), kind: z.string(), name: z.string() }),
    minReplicas: replicas.optional(),
    maxReplicas: z.int({ error: 'expected a whole number' }).min(1, { error: 'maxReplicas must be at least 1' }),
  }),
});
export type HorizontalPodAutoscaler = z.infer<typeof HorizontalPodAutoscalerSchema>;
