{{/*
The operator's environment: ASP.NET Core configuration keys ("Section__Key") of the operator's options classes
(Operator: OperatorOptions, Dispatcher: DispatcherOptions, JetStream: JetStreamOptions). A test checks that every
name here is one the operator binds. Only references and non-secret settings: credentials are mounted files or
Secrets the dispatchers read themselves.
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
- name: ASPNETCORE_URLS
  value: {{ printf "http://0.0.0.0:%d;http://0.0.0.0:%d" (int .Values.health.port) (int .Values.metrics.port) | quote }}
- name: Logging__LogLevel__Default
  value: {{ .Values.operator.logLevel | quote }}
{{- range $i, $ns := .Values.watchNamespaces }}
- name: Operator__WatchNamespaces__{{ $i }}
  value: {{ $ns | quote }}
{{- end }}
- name: Operator__Workers
  value: {{ .Values.operator.workers | quote }}
- name: Operator__ResyncPeriod
  value: {{ include "k8snotify.timespan" .Values.operator.resyncPeriodSeconds | quote }}
- name: Operator__LeaderElectionEnabled
  value: {{ .Values.leaderElection.enabled | quote }}
- name: Operator__LeaseName
  value: {{ include "k8snotify.operatorName" . | quote }}
- name: Operator__LeaseDuration
  value: {{ include "k8snotify.timespan" .Values.leaderElection.leaseDurationSeconds | quote }}
- name: Operator__RenewDeadline
  value: {{ include "k8snotify.timespan" .Values.leaderElection.renewDeadlineSeconds | quote }}
- name: Operator__RetryPeriod
  value: {{ include "k8snotify.timespan" .Values.leaderElection.retryPeriodSeconds | quote }}
- name: Dispatcher__Image
  value: {{ include "k8snotify.image" (list .Values.dispatcher.image .) | quote }}
{{- with .Values.dispatcher.image.pullPolicy }}
- name: Dispatcher__ImagePullPolicy
  value: {{ . | quote }}
{{- end }}
- name: Dispatcher__LogFormat
  value: {{ .Values.dispatcher.logFormat | quote }}
- name: Dispatcher__ConsumerPendingMetric
  value: {{ .Values.dispatcher.consumerPendingMetric | quote }}
{{- $networkPolicy := dict "enabled" .Values.dispatcher.networkPolicy.enabled }}
{{- with .Values.dispatcher.networkPolicy.ingressFrom }}
{{- $_ := set $networkPolicy "ingressFrom" . }}
{{- end }}
{{- with .Values.dispatcher.networkPolicy.egress }}
{{- $_ := set $networkPolicy "egress" . }}
{{- end }}
- name: Dispatcher__DefaultsYaml
  value: {{ toJson (dict "podTemplate" .Values.dispatcher.podTemplate "networkPolicy" $networkPolicy) | quote }}
- name: Dispatcher__NatsUrl
  value: {{ include "k8snotify.natsUrl" . | quote }}
{{- if .Values.nats.credentialsSecret.name }}
- name: Dispatcher__NatsCredentialsSecret
  value: {{ .Values.nats.credentialsSecret.name | quote }}
- name: Dispatcher__NatsCredentialsKey
  value: {{ .Values.nats.credentialsSecret.key | quote }}
- name: JetStream__CredentialsFile
  value: {{ printf "/etc/k8snotify/nats/%s" .Values.nats.credentialsSecret.key | quote }}
{{- end }}
{{- with (include "k8snotify.redisConfiguration" .) }}
- name: Dispatcher__RedisUrl
  value: {{ . | quote }}
{{- end }}
{{- if .Values.redis.passwordSecret.name }}
- name: Dispatcher__RedisPasswordSecret
  value: {{ .Values.redis.passwordSecret.name | quote }}
- name: Dispatcher__RedisPasswordKey
  value: {{ .Values.redis.passwordSecret.key | quote }}
{{- end }}
{{- end }}

{{/* Whole seconds as a .NET TimeSpan string (d.hh:mm:ss), the format the operator's options bind. */}}
{{- define "k8snotify.timespan" -}}
{{- $s := int . }}
{{- printf "%d.%02d:%02d:%02d" (div $s 86400) (mod (div $s 3600) 24) (mod (div $s 60) 60) (mod $s 60) }}
{{- end }}
