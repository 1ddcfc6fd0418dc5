// Masks listed words in a message's text before the message is delivered, and marks the
// message as filtered so that clients can tell.
const WORDS = "{{words}}"
  .split(",")
  .map((word) => word.trim().toLowerCase())
  .filter((word) => word.length > 0);
const MASK = "{{mask}}";

function escape(word) {
  return word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// Whole words only, in any case: "class" stays when "ass" is listed.
const PATTERN = WORDS.length === 0 ? null : new RegExp("\\b(" + WORDS.map(escape).join("|") + ")\\b", "gi");

export default (request) => {
  const message = request.message;
  if (PATTERN !== null && message && typeof message.text === "string") {
    const cleaned = message.text.replace(PATTERN, MASK);
    if (cleaned !== message.text) {
      message.text = cleaned;
      message.filtered = true;
      console.log("masked listed words on " + request.channels[0]);
    }
  }
  return request.ok();
};
