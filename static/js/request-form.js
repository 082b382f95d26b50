// Live fee estimate for the request form. The form works without it: the review step
// shows the same estimate, computed on the server.
(function () {
  "use strict";
  // A page that comes back with mistakes: take keyboard and screen-reader users to the summary.
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();

  var form = document.getElementById("request-form");
  // Show only the signature part that applies: a third party never signs for the patient.
  var thirdParty = document.getElementById("section-third-party-authorization");
  var signHere = document.getElementById("section-signature");
  function showSignature() {
    var chosen = form.querySelector('input[name="requester_type"]:checked');
    var isThirdParty = chosen && chosen.value === "third_party";
    if (thirdParty) thirdParty.hidden = chosen ? !isThirdParty : false;
    if (signHere) signHere.hidden = chosen ? isThirdParty : false;
  }
  if (form && thirdParty && signHere) {
    showSignature();
    form.addEventListener("change", showSignature);
  }
  var box = document.getElementById("fee-estimate");
  var text = document.getElementById("fee-estimate-text");
  if (!form || !box || !text || !window.fetch) return;

  // Prices, image kinds and delivery mappings come from the fee schedule, rendered by the
  // server into the form's data attributes: nothing here changes when they do.
  var IMAGES = (form.dataset.imageKinds || "").split(" ");
  var DOC_DELIVERY = JSON.parse(form.dataset.documentDelivery || "{}");
  var IMAGE_DELIVERY = JSON.parse(form.dataset.imageDelivery || "{}");
  var PER_PAGE = form.dataset.perPage || "";

  function checked(name) {
    return Array.prototype.map.call(form.querySelectorAll('input[name="' + name + '"]:checked'), function (i) { return i.value; });
  }

  function dollars(cents) {
    return "$" + (cents / 100).toFixed(2);
  }

  function draft() {
    var requester = checked("requester_type")[0];
    var purpose = checked("purpose")[0];
    var delivery = checked("delivery")[0];
    var kinds = checked("record_kinds");
    if (!requester || !purpose || !delivery || kinds.length === 0) return null;
    var images = kinds.some(function (k) { return IMAGES.indexOf(k) >= 0; });
    var documents = kinds.some(function (k) { return IMAGES.indexOf(k) < 0; });
    var body = { requester_type: requester, purpose: purpose, ssa_documentation: purpose === "social_security" };
    if (documents) body.documents = { delivery: DOC_DELIVERY[delivery] };
    if (images) {
      if (!IMAGE_DELIVERY[delivery]) return null;
      body.images = { delivery: IMAGE_DELIVERY[delivery] };
    }
    return body;
  }

  // Once an image kind is chosen, offer only the ways images can travel (the server
  // refuses the others): those methods are turned off, and a choice of one is undone
  // with a word why.
  var deliveries = form.querySelectorAll('input[name="delivery"]');
  // The page's words come in its language from data-msg-* attributes; "{}" takes an amount.
  function say(name, amount) {
    var key = "msg" + name.charAt(0).toUpperCase() + name.slice(1);
    return (form.dataset[key] || "").replace("{}", amount || "");
  }
  var imageNote = null;
  function offerWhatIsAccepted() {
    var images = checked("record_kinds").some(function (k) { return IMAGES.indexOf(k) >= 0; });
    imageNote = null;
    Array.prototype.forEach.call(deliveries, function (input) {
      var refused = images && !IMAGE_DELIVERY[input.value];
      input.disabled = refused;
      if (refused && input.checked) {
        input.checked = false;
        imageNote = say("imageNote");
      }
    });
  }

  var pending = 0;
  function update() {
    if (imageNote) {
      text.textContent = imageNote;
      box.hidden = false;
      return;
    }
    var body = draft();
    if (!body) { box.hidden = true; return; }
    var ticket = ++pending;
    fetch("/api/fee-quote", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify(body)
    }).then(function (r) { return r.ok ? r.json() : null; }).then(function (quote) {
      if (!quote || ticket !== pending) return;
      var message;
      if (quote.total_cents !== null) {
        message = quote.total_cents === 0 ? say("noCharge") : say("estimate", dollars(quote.total_cents));
      } else if (quote.max_cents !== undefined && quote.max_cents !== null) {
        message = say("atMost", dollars(quote.max_cents));
      } else {
        message = say("perPage", PER_PAGE);
      }
      text.textContent = message + " " + say("details");
      box.hidden = false;
    }).catch(function () { box.hidden = true; });
  }

  // "About you" only concerns someone other than the patient.
  var aboutYou = document.getElementById("section-requester");
  // Only the destination the chosen delivery needs (all of them before a choice, and any
  // field the server marked wrong, whatever is chosen).
  var DESTINATIONS = {
    portal: [],
    secure_link: ["delivery_email"],
    mail: ["delivery_address"],
    fax: ["delivery_fax"],
    provider: ["provider_name", "delivery_fax", "delivery_email", "delivery_address"]
  };
  var ALL_DESTINATIONS = ["delivery_email", "delivery_address", "delivery_fax", "provider_name"];
  function toggleSections() {
    if (aboutYou) aboutYou.hidden = checked("requester_type")[0] === "self";
    var wanted = DESTINATIONS[checked("delivery")[0]] || ALL_DESTINATIONS;
    ALL_DESTINATIONS.forEach(function (name) {
      var input = document.getElementById(name);
      var group = input && input.closest(".usa-form-group");
      if (!group) return;
      var wrong = group.classList.contains("usa-form-group--error");
      group.hidden = wanted.indexOf(name) < 0 && !wrong;
    });
  }

  form.addEventListener("change", function () { toggleSections(); offerWhatIsAccepted(); update(); });
  toggleSections();
  offerWhatIsAccepted();
  update();
})();
