/* The commemoration's calendar on another site, without an iframe.
 *
 *   <div id="commemoration-calendar"></div>
 *   <script src="https://…/embed/calendar.js" data-target="commemoration-calendar"
 *           data-query="organization=…" async></script>
 *
 * Reads the public API of the site it comes from (open to every origin) and writes the
 * list with the DOM only (textContent, never HTML), so a title cannot inject anything.
 * No third-party code, no cookie. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var origin = new URL(script.src).origin;
  var query = new URLSearchParams(script.getAttribute("data-query") || "");
  var dated = ["starts_after", "starts_before", "around"].some(function (name) { return query.get(name); });
  // What is coming, as the site's list shows it; once all is past, the whole archive.
  if (!dated) { query.set("starts_after", new Date().toISOString().slice(0, 10)); }
  if (!query.get("page_size")) { query.set("page_size", "30"); }
  query.set("ordering", "starts_at");
  var target = document.getElementById(script.getAttribute("data-target") || "");
  if (!target) {
    target = document.createElement("div");
    script.parentNode.insertBefore(target, script);
  }
  var list = document.createElement("ul");
  list.className = "commemoration-calendar";
  target.appendChild(list);

  function item(event) {
    var li = document.createElement("li");
    var when = document.createElement("time");
    when.setAttribute("datetime", event.starts_at);
    // The event's own wall clock, as its API gives it (with its zone's offset).
    when.textContent = event.starts_at.slice(0, 16).replace("T", " ") + " (" + event.timezone + ") ";
    var link = document.createElement("a");
    link.href = event.url;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = event.title;
    li.appendChild(when);
    li.appendChild(link);
    var place = [event.city, event.organization && event.organization.name].filter(Boolean).join(" · ");
    if (place) { li.appendChild(document.createTextNode(" – " + place)); }
    return li;
  }

  function load(parameters) {
    return fetch(origin + "{% url 'api:event-list' %}?" + parameters.toString(), { credentials: "omit", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      });
  }

  load(query)
    .then(function (page) {
      if (dated || (page.results || []).length) { return page; }
      query.delete("starts_after");
      return load(query);
    })
    .then(function (page) {
      (page.results || []).forEach(function (event) { list.appendChild(item(event)); });
      var more = document.createElement("a");
      more.href = origin + "{% url 'events:list' %}" + (script.getAttribute("data-query") ? "?" + script.getAttribute("data-query") : "");
      more.target = "_blank";
      more.rel = "noopener";
      more.textContent = script.getAttribute("data-more") || "…";
      target.appendChild(more);
    })
    .catch(function () { target.setAttribute("data-error", "unavailable"); });
}());
