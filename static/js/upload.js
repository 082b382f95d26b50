// Uploads records for release with a progress bar. Without JavaScript the form posts as usual.
(function () {
  var form = document.getElementById("release-upload");
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  var box = form.querySelector(".upload-progress");
  var bar = form.querySelector("progress");
  var text = form.querySelector(".upload-progress__text");
  var button = form.querySelector("button[type=submit]");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) return;
      var percent = Math.floor((e.loaded / e.total) * 100);
      bar.value = percent;
      text.textContent = percent + "% of " + (e.total / 1048576).toFixed(1) + " MB";
    });
    xhr.addEventListener("load", function () {
      if (xhr.status === 200 && xhr.responseURL) {
        // Success redirects to the request page: show it fresh, at the records.
        var target = xhr.responseURL.split("#")[0];
        if (target === window.location.href.split("#")[0]) {
          window.location.hash = "release";
          window.location.reload();
        } else {
          window.location.assign(target + "#release");
        }
        return;
      }
      // A refusal comes back as the request page with the reason: show it.
      document.open();
      document.write(xhr.responseText);
      document.close();
    });
    xhr.addEventListener("error", function () {
      text.textContent = "The upload failed. Check the connection and try again.";
      button.disabled = false;
    });
    box.hidden = false;
    button.disabled = true;
    xhr.send(new FormData(form));
  });
})();
