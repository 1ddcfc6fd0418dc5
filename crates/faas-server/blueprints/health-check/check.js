// On an interval, asks a service's health endpoint how it is. The last state is kept in the
// KV store; an alert is published while the service is down, and once when it is back.
const xhr = require("xhr");
const db = require("kvstore");
const pubnub = require("pubnub");

const STATE_KEY = "health:{{serviceName}}";

export default async (event) => {
  let healthy = false;
  let detail;
  try {
    const response = await xhr.fetch("{{healthUrl}}", { method: "GET" });
    healthy = response.status === 200;
    detail = "HTTP " + response.status;
  } catch (error) {
    detail = error.message;
  }
  const previous = await db.get(STATE_KEY);
  await db.set(STATE_KEY, { healthy: healthy, detail: detail, checkedAt: Date.now() });
  const recovered = healthy && previous && previous.healthy === false;
  if (!healthy || recovered) {
    await pubnub.publish({
      channel: "{{alertChannel}}",
      message: { service: "{{serviceName}}", healthy: healthy, detail: detail },
    });
  }
  return event.ok();
};
