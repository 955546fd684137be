// phakhi — small enhancements of our own. Every page works without this file.
// The header search box suggests records as you type (the search API's prefix mode).
(function () {
  "use strict";
  var input = document.getElementById("site-q");
  if (!input || !window.fetch) return;
  var list = document.createElement("ul");
  list.className = "suggestions";
  list.id = "site-q-suggestions";
  list.hidden = true;
  input.setAttribute("aria-controls", list.id);
  input.parentNode.appendChild(list);
  var base = input.getAttribute("data-base");
  var lang = base === "/en" ? "en" : "th";
  var paths = { organization: "partners", network: "networks", agreement: "agreements", commitment: "commitments",
    programme: "programmes", activity: "activities", framework_item: "framework-items" };
  var timer = null, latest = 0;
  function clear() { list.hidden = true; list.textContent = ""; }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 2) { clear(); return; }
    timer = setTimeout(function () {
      var ticket = ++latest;
      fetch(input.getAttribute("data-suggest") + "?prefix=true&limit=6&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (body) {
          if (!body || ticket !== latest) return;
          list.textContent = "";
          body.hits.forEach(function (hit) {
            var li = document.createElement("li");
            var a = document.createElement("a");
            a.href = base + "/" + (paths[hit.type] || "search") + "/" + hit.id;
            a.textContent = (lang === "en" && hit.title_en) ? hit.title_en : hit.title_th;
            li.appendChild(a);
            list.appendChild(li);
          });
          list.hidden = body.hits.length === 0;
        })
        .catch(clear);
    }, 200);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape") clear();
    if (e.key === "ArrowDown" && !list.hidden) { var first = list.querySelector("a"); if (first) { e.preventDefault(); first.focus(); } }
  });
  document.addEventListener("click", function (e) { if (!list.contains(e.target) && e.target !== input) clear(); });
})();

// The upload form says at once when a file is larger than the server accepts, rather than after
// megabytes have gone over a phone connection.
(function () {
  "use strict";
  var input = document.getElementById("import-file");
  if (!input || !input.setCustomValidity) return;
  var max = Number(input.getAttribute("data-max-bytes"));
  input.addEventListener("change", function () {
    var file = input.files && input.files[0];
    input.setCustomValidity(file && max && file.size > max ? input.getAttribute("data-too-large") : "");
    input.reportValidity();
  });
})();
