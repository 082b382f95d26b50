# Shared by the load and fault scripts: a visitor's cookie and a complete request form
# (multipart, boundary "bench") for POST /requests on the server at $1, written to $2/body.
# Sets $cookie.
prepare_submission() {
  local port=$1 work=$2 jar token
  jar="$work/cookies"
  token=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$port/requests/new" | grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
  cookie=$(sed 's/^#HttpOnly_//' "$jar" | awk '!/^#/ && NF >= 7 {printf "%s%s=%s", sep, $6, $7; sep="; "}')
  python3 - "$token" > "$work/body" <<'PY'
import sys
fields = [("csrf_token", sys.argv[1]), ("requester_type", "self"), ("patient_name", "Jordan Avery Example"),
  ("dob_month", "4"), ("dob_day", "28"), ("dob_year", "1986"), ("patient_email", "jordan@example.com"),
  ("record_kinds", "visit_notes"), ("record_kinds", "xray_images"), ("date_range", "all"), ("delivery", "mail"),
  ("delivery_address", "12 Elm Street\nNew Haven, CT 06511"), ("purpose", "individual"),
  ("ack_true_information", "yes"), ("ack_electronic_signature", "yes"), ("signature_name", "Jordan Avery Example"),
  ("action", "submit")]
out = sys.stdout.buffer
for name, value in fields:
    out.write(f'--bench\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
out.write(b"--bench--\r\n")
PY
}

# POSTs the prepared form once; prints "<unix time> <status> <seconds>".
submit_once() {
  local port=$1 work=$2 started answer
  started=$(date +%s.%N)
  # curl prints "000 <seconds>" itself when the connection fails.
  answer=$(curl -s -o /dev/null --max-time 10 -w '%{http_code} %{time_total}' -b "$cookie" \
    -H 'Content-Type: multipart/form-data; boundary=bench' --data-binary @"$work/body" \
    "http://127.0.0.1:$port/requests") || true
  echo "$started ${answer:-000 10}"
}

# prepare_uploads WORK COUNT MB: COUNT copies of the prepared form ($WORK/body), each with a
# different MB-megabyte PDF attached as the signed authorization, as $WORK/body.1 ... .COUNT.
prepare_uploads() {
  python3 - "$1" "$2" "$3" <<'PY'
import os, sys
work, count, mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
form = open(f"{work}/body", "rb").read()
end = b"--bench--\r\n"
fields = form[: -len(end)]
for i in range(1, count + 1):
    pdf = b"%PDF-1.4\n" + os.urandom(mb * 1024 * 1024)
    part = (f'--bench\r\nContent-Disposition: form-data; name="signed_authorization"; '
            f'filename="authorization-{i}.pdf"\r\nContent-Type: application/pdf\r\n\r\n').encode()
    open(f"{work}/body.{i}", "wb").write(fields + part + pdf + b"\r\n" + end)
PY
}
