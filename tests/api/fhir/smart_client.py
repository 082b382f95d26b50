"""A real SMART on FHIR client against the running server: PyPI's fhirclient goes through the
standalone launch (PKCE S256), the patient signs in and allows the app over HTTP, then the
client reads the patient, searches DocumentReference and downloads a Binary. Every JSON
response is validated against the R4 models of PyPI's fhir.resources (R4B package).

Environment: FHIR_BASE, CLIENT_ID, REDIRECT_URI, EMAIL, PASSWORD. Prints one JSON line.
"""

import base64
import hashlib
import html
import json
import os
import re
import sys
from urllib.parse import urljoin

import requests
from fhir.resources.R4B import get_fhir_model_class
from fhirclient import client
from fhirclient.models.documentreference import DocumentReference

BASE = os.environ["FHIR_BASE"]
REDIRECT = os.environ["REDIRECT_URI"]
validated = []


def validate(response):
    """Parses a FHIR JSON answer with the R4 (R4B) model of its resourceType."""
    assert "application/fhir+json" in response.headers.get("Content-Type", ""), response.headers
    body = response.json()
    get_fhir_model_class(body["resourceType"]).model_validate(body)
    validated.append(f'{body["resourceType"]} {response.status_code}')
    return body


def hidden_fields(page):
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    return {k: html.unescape(v) for k, v in fields.items()}


settings = {
    "app_id": os.environ["CLIENT_ID"],
    "api_base": BASE,
    "redirect_uri": REDIRECT,
    "scope": "patient/*.rs offline_access",
}
smart = client.FHIRClient(settings=settings)
authorize_url = smart.authorize_url  # reads /metadata with fhirclient's own strict models
assert "code_challenge_method=S256" in authorize_url, authorize_url

browser = requests.Session()
answer = browser.get(authorize_url, allow_redirects=False)
assert answer.status_code == 303 and answer.headers["Location"] == "/account/login", answer.text
login_url = urljoin(BASE, "/account/login")
login_page = browser.get(login_url).text
assert "An app is asking to read your records" in login_page
signed_in = browser.post(
    login_url,
    data={
        "csrf_token": hidden_fields(login_page)["csrf_token"],
        "email": os.environ["EMAIL"],
        "password": os.environ["PASSWORD"],
    },
    allow_redirects=False,
)
assert signed_in.status_code == 303, signed_in.text
consent = browser.get(urljoin(BASE, signed_in.headers["Location"]), allow_redirects=False)
assert consent.status_code == 200 and "Allow Health Wallet" in consent.text, consent.text
form = hidden_fields(consent.text)
form["decision"] = "allow"
allowed = browser.post(urljoin(BASE, "/fhir/authorize"), data=form, allow_redirects=False)
callback = allowed.headers["Location"]
assert callback.startswith(REDIRECT), callback
smart.handle_callback(callback)  # checks state, posts the code with its PKCE verifier

token = smart.server.auth.access_token
headers = {"Authorization": f"Bearer {token}", "Accept": "application/fhir+json"}
validate(requests.get(f"{BASE}/metadata", headers={"Accept": "application/fhir+json"}))
patient = smart.patient  # Patient/{id} through fhirclient's models
validate(requests.get(f"{BASE}/Patient/{smart.patient_id}", headers=headers))

documents = DocumentReference.where(struct={"patient": smart.patient_id}).perform_resources(smart.server)
bundle = validate(requests.get(f"{BASE}/DocumentReference", params={"patient": smart.patient_id}, headers=headers))
summary = next(d for d in documents if d.type.coding[0].code == "34133-9")
validate(requests.get(f"{BASE}/DocumentReference/{summary.id}", headers=headers))

attachment = summary.content[0].attachment
raw = smart.server.request_data(attachment.url.replace(BASE + "/", ""), headers={"Accept": attachment.contentType})
assert len(raw) == attachment.size, (len(raw), attachment.size)
assert base64.b64encode(hashlib.sha1(raw).digest()).decode() == attachment.hash
binary = validate(requests.get(attachment.url, headers=headers))
assert base64.b64decode(binary["data"]) == raw

outcome = requests.get(f"{BASE}/Patient/not-this-patient", headers=headers)
assert outcome.status_code == 404
validate(outcome)
unauthorized = requests.get(f"{BASE}/Patient/{smart.patient_id}", headers={"Accept": "application/fhir+json"})
assert unauthorized.status_code == 401
validate(unauthorized)

print(json.dumps({
    "patient": smart.patient_id,
    "name": patient.name[0].text,
    "documents": len(documents),
    "bundle_total": bundle["total"],
    "binary_sha256": hashlib.sha256(raw).hexdigest(),
    "refresh_token": bool(smart.server.auth.refresh_token),
    "validated": validated,
}))
