-- Argo CD health of a K8sNotify Channel, Template or Provider (notify.k8snotify.io/v1alpha1).
-- Healthy: Ready=True for the current generation. Degraded: Stalled=True (needs a human: a missing Template,
-- an invalid spec). Progressing: anything else, including a status the operator has not yet written for the
-- latest generation.
local hs = { status = "Progressing", message = "Waiting for the K8sNotify operator to report status" }
if obj.status == nil or obj.status.conditions == nil then
  return hs
end

local generation = obj.metadata.generation
local function current(observed)
  return generation == nil or observed == nil or observed >= generation
end

if not current(obj.status.observedGeneration) then
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end

local conditions = {}
for _, condition in ipairs(obj.status.conditions) do
  if current(condition.observedGeneration) then
    conditions[condition.type] = condition
  end
end

local stalled = conditions["Stalled"]
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = (stalled.reason or "Stalled") .. ": " .. (stalled.message or "")
  return hs
end

local ready = conditions["Ready"]
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = ready.message or "Ready"
  return hs
end

local reconciling = conditions["Reconciling"]
if reconciling ~= nil and reconciling.status == "True" then
  hs.message = (reconciling.reason or "Reconciling") .. ": " .. (reconciling.message or "")
elseif ready ~= nil then
  hs.message = (ready.reason or "NotReady") .. ": " .. (ready.message or "")
end
return hs
