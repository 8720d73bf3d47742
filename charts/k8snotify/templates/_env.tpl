{{/*
The operator's environment. Every name here must be one the operator binds
(tests/K8sNotify.Operator.Tests/Install/OperatorEnvironmentTests checks it). Only references and
non-secret settings: credentials are mounted files or come from Secrets.
*/}}
{{- define "k8snotify.operatorEnv" -}}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: K8SNOTIFY_WATCH_NAMESPACES
  value: {{ join "," .Values.watchNamespaces | quote }}
- name: K8SNOTIFY_WORKERS
  value: {{ .Values.operator.workers | quote }}
- name: K8SNOTIFY_RESYNC_PERIOD
  value: {{ .Values.operator.resyncPeriod | quote }}
- name: K8SNOTIFY_LOG_LEVEL
  value: {{ .Values.operator.logLevel | quote }}
- name: K8SNOTIFY_LEADER_ELECTION
  value: {{ .Values.leaderElection.enabled | quote }}
- name: K8SNOTIFY_LEASE_NAME
  value: {{ include "k8snotify.operatorName" . | quote }}
- name: K8SNOTIFY_LEASE_DURATION
  value: {{ .Values.leaderElection.leaseDuration | quote }}
- name: K8SNOTIFY_LEASE_RENEW_DEADLINE
  value: {{ .Values.leaderElection.renewDeadline | quote }}
- name: K8SNOTIFY_LEASE_RETRY_PERIOD
  value: {{ .Values.leaderElection.retryPeriod | quote }}
- name: K8SNOTIFY_METRICS_PORT
  value: {{ .Values.metrics.port | quote }}
- name: K8SNOTIFY_HEALTH_PORT
  value: {{ .Values.health.port | quote }}
- name: K8SNOTIFY_DISPATCHER_IMAGE
  value: {{ include "k8snotify.image" (list .Values.dispatcher.image .) | quote }}
- name: K8SNOTIFY_DISPATCHER_IMAGE_PULL_POLICY
  value: {{ .Values.dispatcher.image.pullPolicy | quote }}
- name: K8SNOTIFY_CONSUMER_PENDING_METRIC
  value: {{ .Values.dispatcher.consumerPendingMetric | quote }}
- name: K8SNOTIFY_NATS
  value: {{ include "k8snotify.natsUrl" . | quote }}
{{- if .Values.nats.credentialsSecret.name }}
- name: K8SNOTIFY_NATS_CREDENTIALS
  value: {{ printf "/etc/k8snotify/nats/%s" .Values.nats.credentialsSecret.key | quote }}
- name: K8SNOTIFY_NATS_CREDENTIALS_SECRET
  value: {{ .Values.nats.credentialsSecret.name | quote }}
- name: K8SNOTIFY_NATS_CREDENTIALS_KEY
  value: {{ .Values.nats.credentialsSecret.key | quote }}
{{- end }}
{{- if .Values.nats.tls.caSecret.name }}
- name: K8SNOTIFY_NATS_CA
  value: {{ printf "/etc/k8snotify/nats-ca/%s" .Values.nats.tls.caSecret.key | quote }}
{{- end }}
{{- with (include "k8snotify.redisConfiguration" .) }}
- name: K8SNOTIFY_REDIS
  value: {{ . | quote }}
{{- end }}
{{- if .Values.redis.passwordSecret.name }}
- name: K8SNOTIFY_REDIS_PASSWORD_SECRET
  value: {{ .Values.redis.passwordSecret.name | quote }}
- name: K8SNOTIFY_REDIS_PASSWORD_KEY
  value: {{ .Values.redis.passwordSecret.key | quote }}
{{- end }}
{{- end }}
