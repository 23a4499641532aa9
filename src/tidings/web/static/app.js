// Progressive enhancement only: every page works without this file.
// "/" focuses the search box (as on many news and code sites), Escape leaves it.
document.addEventListener("keydown", function (event) {
  var box = document.getElementById("q-top");
  if (!box) return;
  var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
  if (event.key === "/" && !typing) { event.preventDefault(); box.focus(); box.select(); }
  else if (event.key === "Escape" && document.activeElement === box) { box.blur(); }
});
