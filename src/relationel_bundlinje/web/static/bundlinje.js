// Relationel bundlinje: progressive enhancement only. Without this script every form still posts
// and the result page comes back; with it, a file can be dropped on the page and the upload and
// screening show their progress in a live region.
(function () {
  "use strict";
  var form = document.getElementById("upload");
  if (!form || !window.FormData || !window.XMLHttpRequest) { return; }
  var input = document.getElementById("fil");
  var zone = document.getElementById("slipzone");
  var status = document.getElementById("status");
  var button = form.querySelector("button[type=submit]");

  function say(text, isError) {
    status.textContent = "";
    var p = document.createElement("p");
    p.textContent = text;
    if (isError) { p.className = "besked fejl"; p.setAttribute("role", "alert"); }
    status.appendChild(p);
    return p;
  }

  function bar(value) {
    var progress = status.querySelector("progress");
    if (!progress) {
      progress = document.createElement("progress");
      progress.max = 100;
      progress.setAttribute("aria-label", "Fremdrift");
      status.appendChild(progress);
    }
    if (value === null) { progress.removeAttribute("value"); } else { progress.value = value; }
  }

  ["dragenter", "dragover"].forEach(function (type) {
    zone.addEventListener(type, function (e) { e.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (type) {
    zone.addEventListener(type, function () { zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (e) {
    e.preventDefault();
    if (e.dataTransfer && e.dataTransfer.files.length) {
      input.files = e.dataTransfer.files;
      say("Valgt: " + e.dataTransfer.files[0].name);
    }
  });
  input.addEventListener("change", function () {
    if (input.files.length) { say("Valgt: " + input.files[0].name); }
  });

  form.addEventListener("submit", function (e) {
    if (!input.files.length) { return; }
    e.preventDefault();
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", function (ev) {
      if (ev.lengthComputable) { bar(Math.round(ev.loaded / ev.total * 100)); }
    });
    xhr.upload.addEventListener("load", function () {
      say("Lovforslaget screenes … Det tager normalt få sekunder.");
      bar(null);
    });
    xhr.addEventListener("load", function () {
      var data = null;
      try { data = JSON.parse(xhr.responseText); } catch (err) { data = null; }
      if (xhr.status === 200 && data && data.adresse) {
        say("Screeningen er færdig. Resultatet åbnes.");
        window.location.assign(data.adresse);
        return;
      }
      button.disabled = false;
      say((data && data.fejl) || "Lovforslaget kunne ikke screenes. Prøv igen.", true);
    });
    xhr.addEventListener("error", function () {
      button.disabled = false;
      say("Forbindelsen til værktøjet blev afbrudt. Kører »bundlinje serve« stadig?", true);
    });
    button.disabled = true;
    say("Lovforslaget sendes …");
    bar(0);
    xhr.send(new FormData(form));
  });
})();
