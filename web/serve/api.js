// The HTTP+JSON API of `parley serve` (docs/serve.md): one function per request. Every answer that is not 2xx
// becomes an ApiError carrying the server's `error` message.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function call(method, path, {token, body, type = "application/json"} = {}) {
  const headers = {};
  if (token) headers["Authorization"] = "Bearer " + token;
  if (body !== undefined) headers["Content-Type"] = type;
  let response;
  try {
    response = await fetch(path, {method, headers, body, cache: "no-store"});
  } catch (e) {
    throw new ApiError(0, "the server cannot be reached (" + e.message + ")");
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const why = data && typeof data.error === "string" ? data.error : `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, why);
  }
  return {status: response.status, data};
}

const base = (id) => "/api/negotiations/" + encodeURIComponent(id);

export const api = {
  // The API reads JSON, or YAML for a scenario (and refuses text/plain, which any page could send cross-site).
  create: (scenario) => call("POST", "/api/negotiations",
    {body: scenario, type: /^\s*\{/.test(scenario) ? "application/json" : "application/yaml"}),
  takeSeat: (id, invitation) => call("POST", base(id) + "/seats", {body: JSON.stringify({invitation})}),
  state: (id, token) => call("GET", base(id), {token}),
  preferences: (id, token) => call("GET", base(id) + "/preferences", {token}),
  savePreferences: (id, token, prefs) =>
    call("PUT", base(id) + "/preferences", {token, body: JSON.stringify(prefs)}),
  accept: (id, token, ids) =>
    call("POST", base(id) + "/acceptances", {token, body: JSON.stringify({suggestions: ids})}),
  propose: (id, token, values) =>
    call("POST", base(id) + "/proposals", {token, body: JSON.stringify({values})}),
  openRound: (id, token) => call("POST", base(id) + "/rounds", {token}),
  audit: (id, token) => call("GET", base(id) + "/audit", {token}),
};
