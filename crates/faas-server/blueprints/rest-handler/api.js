// A small REST API over the KV store, routed on the request's method and path:
//   GET    /{{path}}        the items
//   GET    /{{path}}/<id>   one item
//   POST   /{{path}}        adds an item from a JSON body {"title": "..."}
//   DELETE /{{path}}/<id>   removes an item
const db = require("kvstore");

const BASE = "/{{path}}";
const INDEX = "{{path}}:index";

function send(response, status, body) {
  response.headers["content-type"] = "application/json";
  return response.send(JSON.stringify(body), status);
}

// The part of the path after the function's own: "" for the collection, "<id>" for an item.
function route(path) {
  const at = path.indexOf(BASE);
  const rest = at < 0 ? path : path.slice(at + BASE.length);
  return rest.replace(/^\/+|\/+$/g, "");
}

export default async (request, response) => {
  const id = route(request.path);
  const index = (await db.get(INDEX)) || [];
  if (request.method === "GET" && id === "") {
    const items = [];
    for (const itemId of index.slice(0, 5)) {
      items.push(await db.get("{{path}}:" + itemId));
    }
    return send(response, 200, { items: items, total: index.length });
  }
  if (request.method === "GET") {
    const item = await db.get("{{path}}:" + id);
    return item ? send(response, 200, item) : send(response, 404, { error: "no item " + id });
  }
  if (request.method === "POST" && id === "") {
    let body;
    try {
      body = await request.json();
    } catch (error) {
      return send(response, 400, { error: "the body is not JSON" });
    }
    if (!body || typeof body.title !== "string" || body.title.length === 0) {
      return send(response, 400, { error: "a title is required" });
    }
    const newId = String(index.reduce((max, n) => Math.max(max, Number(n)), 0) + 1);
    const item = { id: newId, title: body.title, done: false };
    await db.set("{{path}}:" + newId, item);
    await db.set(INDEX, index.concat([newId]));
    return send(response, 201, item);
  }
  if (request.method === "DELETE" && id !== "") {
    if (!index.includes(id)) {
      return send(response, 404, { error: "no item " + id });
    }
    await db.removeItem("{{path}}:" + id);
    await db.set(INDEX, index.filter((n) => n !== id));
    return send(response, 200, { deleted: id });
  }
  return send(response, 405, { error: request.method + " is not allowed here" });
};
