// classplan serve: reloads this page when a rebuild changed it, and shows
// the workspace's errors over the page until the sources are fixed.
(() => {
  "use strict";
  const here = decodeURIComponent(location.pathname.replace(/^\/+/, ""));
  const page = here === "" || here.endsWith("/") ? here + "index.html" : here;
  let box = null;

  function hide() {
    if (box) { box.remove(); box = null; }
  }

  function show(state) {
    hide();
    box = document.createElement("div");
    box.id = "classplan-errors";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-modal", "false");
    box.setAttribute("aria-labelledby", "classplan-errors-title");
    box.setAttribute("aria-describedby", "classplan-errors-text");
    box.tabIndex = -1;
    box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:70vh;overflow:auto;z-index:2147483647;" +
      "background:#fff;color:#111;border-top:4px solid #a33b20;box-shadow:0 -4px 16px rgba(0,0,0,.3);" +
      "padding:1rem 1.25rem;font:15px/1.45 system-ui,sans-serif";
    const h = document.createElement("h2");
    h.id = "classplan-errors-title";
    h.style.cssText = "margin:0 0 .5rem;font-size:1.1rem;color:#8a2c14";
    h.textContent = state.summary || "The workspace has errors";
    const p = document.createElement("p");
    p.style.cssText = "margin:0 0 .5rem";
    p.textContent = "The page shows the last good build. This message goes away when the sources are fixed.";
    const pre = document.createElement("pre");
    pre.id = "classplan-errors-text";
    pre.style.cssText = "white-space:pre-wrap;margin:0;font:13px/1.4 ui-monospace,monospace;background:#f6f6f6;color:#111;padding:.75rem";
    pre.textContent = state.text || "";
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.style.cssText = "float:right;font:inherit;padding:.25rem .75rem;color:#111;background:#eee;border:1px solid #555";
    close.addEventListener("click", hide);
    box.append(close, h, p, pre);
    document.body.append(box);
    box.focus();
  }

  function apply(state) {
    if (state.errors) show(state); else hide();
  }

  // The stream starts with what this page must know now: the errors shown,
  // and a reload if a rebuild since the one the page is as of changed it
  // (its event came before the stream was open). A stream that reconnects
  // asks again. One ordered stream: no answer older than an event it had.
  const meta = document.querySelector('meta[name="classplan-generation"]');
  const since = meta ? meta.getAttribute("content") : "0";
  const events = new EventSource("/__classplan/events?page=" + encodeURIComponent(page) +
    "&since=" + encodeURIComponent(since));
  events.addEventListener("errors", (e) => apply(JSON.parse(e.data)));
  events.addEventListener("reload", (e) => {
    const d = JSON.parse(e.data);
    if (d.all || (d.pages || []).includes(page)) location.reload();
    else hide();
  });
})();
