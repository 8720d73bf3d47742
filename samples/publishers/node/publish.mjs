// Publishes one notification to a K8sNotify Channel's subject through JetStream.
//
//   NATS_URL=nats://127.0.0.1:4222 node publish.mjs <subject> <template> <recipient> [id] [data-json]
//
// The notification id is sent as Nats-Msg-Id: publishing the same id again (a retried request, a redelivered job)
// is acknowledged as a duplicate by the stream and never sent twice. Without an id a random UUID is used.
import { connect, headers, JSONCodec } from "nats";
import { randomUUID } from "node:crypto";

const [subject, template, to, id = randomUUID(), data = "{}"] = process.argv.slice(2);
if (!subject || !template || !to) {
  console.error("usage: node publish.mjs <subject> <template> <recipient> [id] [data-json]");
  process.exit(2);
}
if (!/^[A-Za-z0-9_-]{1,200}$/.test(id)) {
  console.error(`id '${id}' must be 1 to 200 characters of A-Z, a-z, 0-9, '-' and '_'`);
  process.exit(2);
}

const notification = { id, template, to, data: JSON.parse(data) };
const nc = await connect({ servers: process.env.NATS_URL ?? "nats://127.0.0.1:4222", name: "k8snotify-node-publisher" });
try {
  const js = nc.jetstream();
  const h = headers();
  h.set("Content-Type", "application/json");
  // msgID sets the Nats-Msg-Id header, the stream's de-duplication key.
  const ack = await js.publish(subject, JSONCodec().encode(notification), { msgID: id, headers: h });
  console.log(JSON.stringify({ id, stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate }));
} catch (err) {
  // No stream captures the subject ("no responders"), or JetStream refused the message.
  console.error(`publish failed: ${err.message}`);
  process.exitCode = 1;
} finally {
  await nc.drain();
}
