// Counts the messages of each channel in the KV store and stamps every message with its
// number on its channel, so that clients can notice a gap.
const db = require("kvstore");

export default async (request) => {
  const channel = request.channels[0];
  const count = await db.incrCounter("{{counterPrefix}}" + channel, 1);
  if (request.message !== null && typeof request.message === "object") {
    request.message.seq = count;
  }
  return request.ok();
};
