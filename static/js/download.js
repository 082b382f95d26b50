// The secure download page: the file arrives as a download, so the page itself would
// stay as it was (with an old "does not match" message on it). Say what is happening,
// and once the server's cookie says the file is on its way, say that it worked.
(function () {
  "use strict";
  var form = document.querySelector("form[action^='/d/']");
  var status = document.getElementById("download-status");
  var box = document.getElementById("download-status-box");
  if (!form || !status || !box) return;
  var COOKIE = "rp_download=done";

  function clearCookie() {
    document.cookie = "rp_download=; Path=/d; Max-Age=0; SameSite=Strict";
  }

  form.addEventListener("submit", function () {
    clearCookie();
    Array.prototype.forEach.call(document.querySelectorAll(".usa-alert--error"), function (alert) {
      alert.hidden = true;
    });
    Array.prototype.forEach.call(form.querySelectorAll(".usa-form-group--error"), function (group) {
      group.classList.remove("usa-form-group--error");
    });
    status.textContent = box.dataset.checking;
    box.hidden = false;
    var tries = 0;
    var timer = setInterval(function () {
      tries += 1;
      if (document.cookie.indexOf(COOKIE) >= 0) {
        clearInterval(timer);
        clearCookie();
        status.textContent = box.dataset.started;
      } else if (tries > 120) {
        clearInterval(timer);
      }
    }, 500);
  });
})();
