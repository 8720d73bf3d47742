{{/* Chart name, overridable. */}}
{{- define "k8snotify.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name used as the prefix of every object: "<release>-k8snotify" unless the release name already says k8snotify. */}}
{{- define "k8snotify.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Name of the operator Deployment, Services and RBAC objects. */}}
{{- define "k8snotify.operatorName" -}}
{{- printf "%s-operator" (include "k8snotify.fullname" .) }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "k8snotify.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "k8snotify.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: k8snotify
{{- end }}

{{/* Labels that select the operator pods. */}}
{{- define "k8snotify.selectorLabels" -}}
app.kubernetes.io/name: k8snotify-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The operator's ServiceAccount name. */}}
{{- define "k8snotify.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "k8snotify.operatorName" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* repository:tag or repository@digest for an image block; the tag defaults to appVersion. */}}
{{- define "k8snotify.image" -}}
{{- $image := index . 0 }}{{- $root := index . 1 }}
{{- if $image.digest }}
{{- printf "%s@%s" $image.repository $image.digest }}
{{- else }}
{{- printf "%s:%s" $image.repository (default $root.Chart.AppVersion $image.tag) }}
{{- end }}
{{- end }}

{{/* The NATS URL, switched to tls:// when nats.tls.enabled. */}}
{{- define "k8snotify.natsUrl" -}}
{{- if and .Values.nats.tls.enabled (hasPrefix "nats://" .Values.nats.url) }}
{{- .Values.nats.url | replace "nats://" "tls://" }}
{{- else }}
{{- .Values.nats.url }}
{{- end }}
{{- end }}

{{/* The StackExchange.Redis configuration string built from the redis block (never a password: that comes from the Secret). */}}
{{- define "k8snotify.redisConfiguration" -}}
{{- if .Values.redis.url }}
{{- .Values.redis.url }}
{{- if .Values.redis.sentinel.enabled }},serviceName={{ .Values.redis.sentinel.masterName }}{{ end }}
{{- if .Values.redis.tls.enabled }},ssl=true{{ end }}
{{- end }}
{{- end }}
