# Patient-facing text in English. Every id here exists in es/main.ftl with the same
# arguments (tests/api/languages.rs checks); staff pages stay English and are not here.

## Page chrome
skip-to-main = Skip to main content
site-tagline = Medical records requests
return-to-top = Return to top
footer-office-role = Health Information Management (records office)
footer-contact = { $address } · Phone { $phone }
language-switch-label = Language
language-help-link = Language assistance

## Language assistance notice
notice-title = Free language help
notice-intro = { $practice } provides free help in your language: an interpreter on the phone or in person, and written translations of letters and forms. We also provide free aids and services to people with disabilities, such as large print and sign language interpreters.
notice-call = Call the records office at { $phone } and tell us which language you need.
notice-rights = If you believe we did not provide this help, or treated you differently because of your language, disability, race, color, national origin, age or sex, you can file a complaint with our office or with the U.S. Department of Health and Human Services, Office for Civil Rights.

## Start page
home-title = Get copies of your health records
site-description = Request copies of your medical records from { $practice }, follow a request, or sign in to the patient portal.
home-description = How to get copies of your medical records from { $practice }: free visit summaries in the patient portal, a request form for everything else, fees and processing times.
home-intro = You have the right to a copy of your medical records. Here are the ways to get them from { $practice }.
home-summaries-heading = Visit summaries: free in the patient portal
home-summaries-text = Clinical visit summaries are free to view and download in the patient portal, usually at once.
home-create-account = Create a portal account
home-create-account-after = (we match it to you the first time we handle one of your requests) or
home-sign-in = sign in
home-request-heading = Images and other records: send a request
home-request-text = For X-ray, MRI or CT images, office notes, operative reports, lab or imaging reports and billing statements, fill in our request form. It works on a phone and you do not need an account.
home-request-button = Request records
home-others-heading = Asking for someone else
home-others-representatives = Parents, guardians, health care agents and executors
home-others-representatives-text = can use the same form as a personal representative.
home-others-third-parties = Attorneys, insurers and other third parties
home-others-third-parties-text = need the patient's signed HIPAA authorization; the form collects it.
home-others-doctors = Another doctor's office
home-others-doctors-text = asking for records for continuing care uses the form too, and is never charged.
home-fees-heading = Fees
home-fees-caption = What copies cost (Connecticut General Statutes 20-7c)
home-fees-what = What
home-fees-fee = Fee
home-fee-portal = Visit summaries and other portal downloads
home-fee-free = Free
home-fee-patient-documents = Paper or electronic documents, for patients and their representatives
home-fee-per-page-capped = { $per_page } a page, at most { $cap } in all
home-fee-third-party-documents = Documents for attorneys, insurers and other third parties
home-fee-per-page = { $per_page } a page
home-fee-images-link = Images by secure email link
home-fee-per-request = { $fee } a request
home-fee-images-cd = Images on CD by US mail
home-fee-continuing-care = Records sent to another doctor for continuing care
home-fee-ssa = Records for a Social Security disability claim or appeal, with documentation of the claim
home-fees-includes = The per-page fee includes searching, handling and first-class postage. We never charge patients for finding or checking their records.
home-fees-before = You see the fee before you send your request, and we send an invoice before releasing records that have a fee.
home-times-heading = How long it takes
home-times-caption = Processing times once a request is complete (and paid, if a fee applies)
home-times-delivery = Delivery
home-times-within = Usually within
home-times-portal = Portal download
home-times-portal-when = At once for visit summaries; 2 to 3 business days for other documents
home-times-link = Secure email link
home-times-2-3 = 2 to 3 business days
home-times-fax = Fax, or directly to another doctor's office
home-times-mail = CD or paper by US mail
home-times-3-5 = 3 to 5 business days
home-times-law = By law, we respond within 30 days of receiving your request. If we need more time, we will tell you in writing why and when to expect the records.
home-elsewhere-heading = Other places your records may be
home-elsewhere-dph = The Connecticut Department of Public Health advises asking:
home-elsewhere-physician = the office of the physician who treated you;
home-elsewhere-hospital = the hospital the physician is affiliated with, for tests and surgery done there;
home-elsewhere-health-director = the local director of health, if a practice has closed.
home-elsewhere-connie = Connie, Connecticut's health information exchange run with the Office of Health Strategy, connects hospitals, practices and labs across the state, so your other providers may see your records through it; its site explains what it shares, how you can see who looked, and how to opt out.

## Apps
apps-heading = Use an app on your phone
apps-none = Apps can read your visit summaries and the records we release to your portal through our FHIR patient-access API, but no app is registered with us yet. Ask the records office at { $phone } if there is one you would like to use.
apps-some = These apps can read your visit summaries and the records we release to your portal, once you sign in and allow them:
apps-how = In the app, choose to connect a health record and, if it asks for the address of our FHIR server, give it
apps-after = The app sends you to our sign-in page; after you sign in we ask whether to allow it, and you can disconnect it any time under
apps-connected-link = Connected apps

## Error pages
error-not-found-title = Page not found
error-not-found-text = We could not find that page. If you followed a link from an email, it may have expired.
error-forbidden-title = Not allowed
error-forbidden-text = Your account does not have permission for this page or action.
error-sign-in-title = Please sign in
error-sign-in-text = Please sign in to continue.
error-bad-request-title = The form could not be read
error-bad-request-text = Your browser sent something we could not read. Nothing was saved. Go back and try again.
error-too-large-title = Too large to send
error-too-large-text = What you sent is larger than we accept. Nothing was saved. Go back, choose smaller files, and try again.
error-csrf-title = Please try again
error-csrf-text = For your security this form could not be accepted. Go back, reload the page and send it again.
error-rate-limited-title = Too many requests
error-rate-limited-text = We received many requests from your connection. Please wait a few minutes and try again, or call the records office.
error-busy-title = Busy: please try again
error-busy-text = Many people are using the records service right now. Nothing you sent was saved. Please try again in a few seconds.
error-no-space-title = Files cannot be saved right now
error-no-space-text = We cannot store files at the moment. Nothing you sent was saved. Please try again later, or call the records office.
error-unavailable-title = Temporarily unavailable
error-unavailable-text = The records service is busy or briefly unavailable. Nothing you sent was saved. Please try again in a minute.
error-internal-title = Something went wrong
error-internal-text = Sorry, something went wrong on our side. Nothing you sent was saved. Please try again, or call the records office.
error-call = Questions? Call the records office at { $phone }.
error-start-page = Go to the start page

## The request form
form-error-prefix = Error:
form-title = Request copies of health records
form-intro = Answer the questions below. It takes about 10 minutes. You do not need an account. Next you will see a summary and the fee before you send anything.
form-requester-legend = Who is asking for the records?
form-about-you = About you, if you are not the patient
form-about-you-skip = Skip this part if you are the patient.
form-requester-name = Your full name
form-requester-organization = Law firm, company or doctor's office
form-requester-organization-hint = Required for doctors' offices
form-requester-email = Your email address
form-requester-email-hint = We send the confirmation and updates here.
form-requester-phone = Your phone number (optional)
form-about-patient = About the patient
form-patient-name = Patient's full legal name
form-patient-name-hint = As it appears on a photo ID
form-former-names = Other names the patient used (optional)
form-former-names-hint = For example, a maiden name
form-dob = Patient's date of birth
form-dob-hint = For example: 4 28 1986
form-month = Month
form-day = Day
form-year = Year
form-patient-phone = Patient's phone number (optional)
form-patient-email = Patient's email address
form-patient-email-hint = Required if you are the patient: we send the confirmation and updates here. Third parties: the patient gets the authorization to sign here.
form-patient-address = Patient's mailing address (optional)
form-patient-address-hint = Helps us match the records
form-kinds = Which records do you need?
form-kinds-hint = Choose all that apply. Visit summaries are also free in the patient portal.
form-kinds-other = Other records (if you chose “Something else”)
form-dates = Which dates?
form-dates-all = All records
form-dates-between = Appointments between these dates (approximate is fine)
form-dates-from = From
form-dates-from-hint = Leave empty for “from the first visit”
form-dates-to = To
form-dates-to-hint = Leave empty for “up to today”
form-sensitive = Sensitive records
form-sensitive-text = These records are left out unless you ask for them and give a separate consent. Third parties: choose “Include” only; the patient gives the consent when signing.
form-include = Include these records
form-hiv-notice = Notice (CGS 19a-585):
form-delivery = How should we send the records?
form-delivery-hint = Portal download is free. Images can be sent by secure link, on CD by mail, or to another doctor.
form-delivery-email = Email for the secure link (optional)
form-delivery-email-hint = If empty, we use the email address above. For a doctor's office: the office's own email; we never send the office's records to anyone else.
form-delivery-address = Mailing address for the records
form-delivery-address-hint = Required for US mail, and for a doctor's office without fax or email.
form-delivery-fax = Fax number
form-delivery-fax-hint = Required for fax. For a doctor's office, its fax number if you know it.
form-provider = Doctor's office that should receive the records
form-provider-hint = Required when sending directly to another doctor's office.
form-purpose = Why do you need the records?
form-purpose-other = Describe the purpose (if you chose “Other”)
form-ssa-hint = For a Social Security disability claim, there is no charge when you attach documentation of the claim on the next page.
form-authorization = Authorization and signature
form-third-party-legend = For attorneys, insurers and other third parties only
form-third-party-text = We release records to a third party only with an authorization the patient (or the patient's personal representative) signed (HIPAA, 45 CFR 164.508). You cannot sign it for the patient. It lets us disclose the records described above to you for the purpose chosen above.
form-auth-expires = The authorization expires on
form-auth-expires-hint = A date in the future
form-auth-event = Or it ends with this event
form-auth-event-hint = For example: end of the litigation
form-signed-by = How will the patient sign?
form-signed-by-hint = Sensitive records above are released only if the patient also gives the separate consent when signing.
form-signed-online = Email the patient a link to read and sign it online
form-signed-online-hint = We use the patient's email address above. The patient confirms their date of birth and signs; we start once they have.
form-signed-paper = The patient signed a paper authorization: I will attach it on the next page
form-signed-paper-hint = Our staff check each element HIPAA requires before we start.
form-sign-here = Patients, personal representatives and doctors' offices: sign here
form-signature = Type your full name to sign
form-signature-hint = The patient signs, or a person with the authority to act for the patient.
form-authority = If you are not the patient: your authority to act for the patient
form-authority-hint = For example: parent of a minor, legal guardian, health care agent, executor
form-estimate = Estimated fee
form-continue = Continue to review

## Form errors
errors-heading = { $count ->
    [one] There is a problem with your answers
   *[other] There are { $count } problems with your answers
}

## Dates
date-long = { $weekday }, { $month } { $day }, { $year }
date-medium = { $month } { $day }, { $year }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday

## Review
review-title = Check your request
review-intro = Nothing has been sent yet. Check your answers, attach any documents, then send the request.
review-who = Who is asking
review-your-name = Your name
review-patient = Patient
review-patient-born = { $name }, born { $born }
review-records = Records
review-dates = Dates
review-sensitive-consented = Sensitive records included, with your consent
review-sensitive-if = Sensitive records included, if the patient consents
review-delivery = Delivery
review-purpose = Purpose
review-updates = Updates go to
review-signed-by = Signed by
review-estimate = Fee estimate
review-documents = Documents
review-files-again = For your security, files are not kept when a form comes back: please choose them again.
review-file-types = PDF, JPEG or PNG, up to { $mb } MB each.
review-ssa = Documentation of the Social Security disability claim or appeal
review-ssa-hint = Required for a request without charge (CGS 20-7c), for example the SSA's letter.
review-paper-auth = The authorization the patient signed
review-paper-auth-hint = Required: a scan or photo of every page. Our staff check each element HIPAA asks for before we start.
review-auth-optional = A signed authorization form (optional)
review-auth-optional-hint = If you have one signed on paper, for example a health care proxy or guardianship papers.
review-id-photo = A photo of a photo ID (optional)
review-id-photo-hint = It can speed up checking who you are. We match your answers against our records either way.
review-send = Send request
review-edit = Change my answers
review-dates-between = From { $from } to { $to }
review-dates-from = From { $from }
review-dates-to = Up to { $to }
review-signed-online-to = The patient, online: we email { $email } a link to read and sign the authorization
review-signed-online = The patient, online
review-signed-paper = The patient, on paper: attach the signed authorization below

## Fees on the review page
quote-per-page = { $unit } per page
quote-per-page-capped = { $unit } per page, at most { $cap }
quote-depends = depends on the page count
quote-at-most = at most { $max }
quote-depends-on-pages = The exact amount depends on the number of pages; we will send an invoice before releasing the records.
quote-will-count = We will count the pages and send an invoice before releasing the records.
quote-no-charge = No charge.
quote-item = Item
quote-details = Details
quote-amount = Amount
quote-total = Total
quote-by-item = { $title }, by item
quote-law = Connecticut law sets these fees. We never charge for searching, retrieving or verifying a patient's request.

## Confirmation
confirm-title = Request received
confirm-heading = Thank you: we received your request
confirm-reference = Your reference is
confirm-keep = Please keep it.
confirm-next = What happens next
confirm-step1 = We check the request
confirm-step1-text = Our records staff match the patient's details with our records and check the authorization.
confirm-step2 = We ask if anything is missing
confirm-step2-text = If we need more information, we email you and you answer from your tracking link.
confirm-step3 = We send the records
confirm-step3-text = If a fee applies, we send an invoice first. Then the records go out the way you chose.
confirm-when = When
confirm-by = If nothing is missing: by
confirm-mail-days = (mail takes 3 to 5 business days)
confirm-days = (2 to 3 business days)
confirm-law = By law we respond no later than
confirm-30-days = (30 days from today).
confirm-email = A confirmation email with a private link to follow your request is on its way to
confirm-spam = If it has not arrived in an hour, check your spam folder or call { $phone }.
confirm-back = Back to the start page

## The form's live estimate (request-form.js puts the amount at {})
estimate-image-note = Images cannot be sent by fax or through the portal. Choose another way to send them.
estimate-total = Estimated fee: { "{}" }.
estimate-at-most = At most { "{}" }. The exact amount depends on the number of pages.
estimate-per-page = { "{}" } a page, plus any image fee. We count the pages and send an invoice first.
estimate-details = You will see the details on the next page.

## The confirmation email
email-received-subject = We received your records request { $reference }
email-hello = Hello,
email-received-intro = { $practice } received your request for copies of health records.
email-reference = Reference:
email-follow = Follow your request
email-follow-private = (a private link: please do not share it).
email-follow-text = Follow your request at this private link (do not share it):
email-next = What happens next
email-next-signature = We emailed the patient a link to read and sign the authorization. We start once the patient has signed it.
email-next-check = Our records staff check the request and the identity of the patient.
email-next-missing = If anything is missing, we will email you and you can answer from the link above.
email-next-fee = If a fee applies, we will send an invoice before we release the records.
email-when = When to expect the records: by { $target } if nothing is missing. By law we respond no later than { $deadline }.
email-questions = Questions? Call the records office at { $phone } and give your reference.
email-not-you = If you did not make this request, please call us.
email-language-help = Free language help:

## Start page: where else, and third parties
home-elsewhere-dph-link = The Department of Public Health on access to medical records
home-elsewhere-connie-link = Connie: what it does for patients
home-elsewhere-law = For the laws themselves, the Judicial Branch law libraries keep a guide to Connecticut health care law.
home-elsewhere-law-link = Health care law guide (Connecticut Judicial Branch law libraries)
home-third-party-heading = Questions from attorneys, insurers and other third parties
home-third-party-text = Third parties with a question about a request, an authorization or an invoice can reach:
home-third-party-default-name = Our records office
home-third-party-phone = Phone { $phone }
home-third-party-default-hours = Monday to Friday, 8:30 a.m. to 4:30 p.m., except holidays

## Tracking page
track-title = Request { $reference }
track-heading = Your records request
track-reference = Reference
track-status = Status: { $status }
track-received = Received
track-expected = Expected, if nothing is missing
track-by = by { $date }
track-deadline = Legal deadline for our response
track-records = Records requested
track-invoice = Invoice { $number }
track-balance = Balance due:
track-paid = Paid: nothing more is due.
track-total = Total { $total }.
track-view-invoice = View and print the invoice
track-invoice-pdf = Download it as a PDF
track-letter = Read our letter
track-messages = Messages
track-answer = Your answer
track-answer-hint = Answer our message above. If we asked for a document, you can also mail or fax it.
track-send-answer = Send my answer
track-disclosures = Who we have shared the patient's records with (the accounting of disclosures)
track-history = History
revoke-done-after = Nothing more is sent under it.
revoke-done = The authorization was revoked on { $date }.
revoke-summary = Revoke the authorization
revoke-text = From now on we send nothing more under it. Records already sent stay with whoever received them.
timeline-records-office = Records office
timeline-you = You

## Secure download
download-title = Download your records
download-suspended = This link is suspended
download-suspended-text = Too many wrong dates of birth were entered, so we stopped the link to keep the records private. Call the records office at { $phone } and we will send a new one.
download-gone = This link no longer works
download-gone-text = It has expired, reached its download limit, or was withdrawn. Call the records office at { $phone } and we will send a new one.
download-intro = To keep the records private if this link reached someone else, we ask for the patient's date of birth before the download starts.
download-checking = Checking the date of birth...
download-started = The date of birth is right: your download has started. Look for the file in your downloads.
download-files = Files
download-file = Download file { $number }
download-wrong = That date of birth does not match our records. Check it and try again.
download-choose = Choose a file to download.
download-wrong-resting = { $minutes ->
    [one] That date of birth does not match our records. After too many wrong answers the link rests: try again in 1 minute, or call us.
   *[other] That date of birth does not match our records. After too many wrong answers the link rests: try again in { $minutes } minutes, or call us.
}
download-resting = { $minutes ->
    [one] Too many wrong dates of birth. Try again in 1 minute, or call us.
   *[other] Too many wrong dates of birth. Try again in { $minutes } minutes, or call us.
}

## Notices about a request (and account emails)
notice-questions = Questions? Call the records office at { $phone }.
notice-signed-subject = The patient signed the authorization for { $reference }
notice-signed = The patient signed the authorization. Our records staff will now check the request.
notice-follow-the-request = Follow the request
notice-declined-subject = Request { $reference } is closed: the authorization was not signed
notice-declined = The patient chose not to sign the authorization, so we cannot release records to you under this request. It is closed.
notice-see-the-request = See the request
notice-in-portal-subject = Your records are in your portal: request { $reference }
notice-in-portal = The records you asked for are ready in the patient portal. Create an account or sign in with this email address; we link it to your request, and downloads there are free.
notice-follow-your-request = Follow your request
notice-mailed-subject = Your records were mailed: request { $reference }
notice-mailed = We mailed the records you asked for on { $date }.
notice-extension-subject = More time is needed for your records request { $reference }
notice-extension-reason = We need more time to respond to your request. The reason: { $reason }
notice-extension-by = We will respond by { $date }.
notice-receipt-payment = We received your payment of { $amount }. Thank you.
notice-receipt-waiver = We have waived { $amount } of the fee.
notice-receipt-refund = We have refunded { $amount } to you.
notice-receipt-balance = The balance still due is { $owed }; we send the records once it is paid.
notice-receipt-nothing-due = Nothing more is due.
notice-receipt-subject = Receipt for your records request { $reference }
notice-view-invoice = View your invoice and request
notice-needs-info-subject = We need more information for your records request { $reference }
notice-needs-info = We need a little more information before we can send the records you asked for. Please read our message and answer it at your private link.
notice-read-and-answer = Read our message and answer
notice-denied-subject = A decision on your records request { $reference }
notice-denied = We are not able to provide the records you asked for. Our letter explains why, your right to have the decision reviewed where it applies, and how to complain.
notice-read-letter = Read the letter
notice-invoice-total = Your records are ready to send once the fee is paid. The total is { $total }:
notice-invoice-line = { $item }: { $quantity } x { $unit } = { $amount }
notice-invoice-how-to-pay = How to pay: { $how }
notice-invoice-attached = The invoice is attached as a PDF. You can also view and print it at your private link.
notice-invoice-subject = Invoice for your records request { $reference }
notice-ready-subject = Your records are ready: request { $reference }
notice-ready = The records you asked for are ready to download. The link below works for { $days } days and up to { $downloads } downloads.
notice-ready-private = Before the download starts we ask for the patient's date of birth, so the records stay private if this email reaches someone else.
notice-download = Download the records
notice-sign-subject = Please read and sign an authorization for { $practice }
notice-sign-who = Someone, for example an attorney or an insurer, has asked { $practice } for copies of your health records, and named you as the patient. We send them nothing unless you sign an authorization.
notice-sign-read = Read who asked, for which records and why, then sign it or say no. You will need your date of birth. The link works for 14 days.
notice-sign-unexpected = If you did not expect this, do not sign, and call us.
notice-sign-link = Read the authorization

## Signing an authorization
sign-title = Sign an authorization to release health records
sign-gone = The authorization was already signed or answered, the link has expired (links work for 14 days), or a newer link replaced it. If you still want to sign it, call the records office at { $phone } and we will send a new link.
sign-locked = This link is locked
sign-locked-text = Too many wrong dates of birth were entered, so we locked the link to keep the patient's information private. Call the records office at { $phone } and we will send a new one.
sign-signed = Thank you: you signed the authorization
sign-signed-text = We keep your signature with the request { $reference } and told the requester. Our records staff check the request before anything is sent.
sign-revoke = You can revoke this authorization at any time by writing to the records office or calling { $phone }, except for what we have already sent.
sign-declined = You did not sign the authorization
sign-declined-text = We send nothing under this request ({ $reference }). It is closed, and we told the requester.
sign-read-heading = Read and sign an authorization
sign-intro = Someone asked { $practice } for copies of health records and named you as the patient. We send them nothing unless the patient (or the patient's personal representative) signs an authorization.
sign-dob-first = To keep the patient's information private if this link reached someone else, first enter the patient's date of birth.
sign-continue = Continue
sign-unexpected = If you did not expect this, do not sign, and call the records office at { $phone }.
sign-auth-heading = Authorization to release health records
sign-read-all = Read it all. Sign only if you agree. You may say no: nothing is sent without your signature, and your care does not depend on it.
sign-who-asked = Who asked
sign-who-discloses = Who discloses
sign-who-receives = Who receives the records
sign-which-records = Which records
sign-which-dates = From which dates
sign-why = Why
sign-ends = This authorization ends
sign-sensitive-text = The request includes records the law protects with their own consent. They are sent only if you give it.
sign-statements = Statements
sign-evidence = We keep the date and time you sign, your internet address and your browser's name with the signature.
sign-button = Sign the authorization
sign-or-no = Or say no
sign-no-text = If you do not want these records sent, say no: the request closes and we tell the requester.
sign-no-button = I do not authorize this
dob-legend = Date of birth
sign-all-dates = All dates
sign-from-to-today = From { $from } to today
sign-ends-date-or-event = On { $date }, or when this happens: { $event }
sign-ends-date = On { $date }
sign-ends-event = When this happens: { $event }
sign-ends-not-stated = Not stated
sign-wrong-birth-date = { $left ->
    [one] That date of birth does not match our records. Check it and try again (1 try left).
   *[other] That date of birth does not match our records. Check it and try again ({ $left } tries left).
}
sign-check-box = Check this box to agree: “{ $opening }...”

## Letters and invoices (PDF and printable pages)
letter-department = Health Information Management
letter-contact = Phone { $phone } · { $email }
letter-logo-alt = { $practice } logo
letter-language-help = Free language help: call { $phone } or see { $url }. Ayuda gratuita con el idioma: llame al { $phone }.
invoice-title = Invoice { $number }
invoice-date = Date
invoice-reference = Request reference
invoice-bill-to = Bill to
invoice-charges = Charges
invoice-item = Item
invoice-quantity = Quantity
invoice-unit = Unit price
invoice-amount = Amount
invoice-total = Total
invoice-paid = Paid, waived or credited
invoice-balance = Balance due
invoice-how-to-pay-heading = How to pay
invoice-how-to-pay = Pay by card by calling { $phone }, or by check or money order payable to { $practice }, mailed to { $address }. Write the invoice number on your check.
invoice-how-to-pay-configured = { $how }
invoice-law = Connecticut law (CGS 20-7c) sets these fees; the per-page fee includes research, handling and first-class postage. We release the records once the invoice is paid.
letter-download = Download as PDF
print = Print
letter-date = Date
letter-to = To
letter-re = Re
denial-title = Denial of your request
denial-re = your request for copies of health records, reference { $reference }
denial-reason = We have reviewed your request and are not able to provide the records you asked for, for this reason:
denial-review-heading = Your right to a review
denial-review = You may ask that this decision be reviewed by a licensed health care professional chosen by the practice who did not take part in the original decision. Write to the records office at the address above, or call { $phone }, and give your reference. We will tell you the result of the review in writing.
denial-no-review-heading = Review
denial-no-review = The law does not provide a review of a denial on this ground. If you disagree, you may complain as described below.
denial-complain-heading = How to complain
denial-complain = You may complain to the practice's privacy officer at { $address }, by phone at { $phone }, or by email to { $email }.
denial-hhs = You may also complain to the U.S. Department of Health and Human Services, Office for Civil Rights, 200 Independence Avenue, S.W., Washington, D.C. 20201, by phone at 1-800-368-1019, or online at www.hhs.gov/ocr/complaints.
denial-no-retaliation = We will not retaliate against you for complaining.

## The patient portal
portal-sign-in-title = Sign in to the patient portal
portal-email = Email address
portal-password = Password
portal-sign-in = Sign in
portal-sign-in-passkey = Sign in with a passkey
portal-forgot = Forgot your password?
portal-create-account = Create an account
portal-idle = You are signed out after 30 minutes without activity.
portal-register-title = Create a patient portal account
portal-register-intro = With an account you can follow your requests, download records we send to the portal and your visit summaries at no charge, and see who we have shared your records with.
portal-legal-name = Your full legal name
portal-legal-name-hint = As it appears on a photo ID
portal-email-confirm-hint = We send a link to confirm it
portal-create-account-button = Create account
portal-have-account = Already have an account?
portal-reset-title = Reset your password
portal-reset-intro = Enter the email address of your portal account. If there is an account for it, we email a link that works once, for 30 minutes.
portal-reset-send = Email me a link
portal-new-password-title = Choose a new password
portal-new-password = New password
portal-new-password-save = Save the new password
portal-new-password-hint = Saving signs you out everywhere else.
portal-code-title = Sign in: second step
portal-code-heading = One more step
portal-code-intro = You turned on two-step sign-in for this account.
portal-code-label = Code from your authenticator app
portal-code-hint = 6 digits, or one of your recovery codes (XXXX-XXXX-XXXX-XXXX) if you do not have your phone
portal-code-or-passkey = Or use your passkey (your phone, Windows Hello, Touch ID or a security key).
portal-code-passkey = Use your passkey (your phone, Windows Hello, Touch ID or a security key).
portal-code-lost-phone = Lost your phone and your recovery codes?
portal-code-lost-passkey = Lost your passkey?
portal-code-call = Call the records office at { $phone }: once they have checked who you are, they can turn two-step sign-in off for you.
password-hint = At least 12 characters. A few unrelated words make a strong one.
portal-home-title = Your patient portal
portal-signed-in-as = Signed in as
portal-sign-out = Sign out
portal-not-matched = Your requests and records appear here once the records office has matched your account to you. Call { $phone } if you are waiting for that.
portal-request-records = Request records
portal-shared-with = Who we shared your records with
portal-security-title = How you sign in
portal-apps-title = Connected apps
portal-your-requests = Your requests
portal-no-requests = No requests yet.
portal-status = Status
portal-records-sent = Records sent to your portal
portal-summaries = Visit summaries
portal-summaries-intro = Summaries of your visits, free to download.
portal-none-yet = None yet.
portal-back = Back to your portal
portal-receipts = Receipts
portal-receipt-line = { $kind } of { $amount }
portal-withdraw-summary = Withdraw this request
portal-withdraw-text = We stop working on it. You can file a new request at any time.
portal-withdraw-button = Withdraw the request
portal-app-disconnected = The app is disconnected: it can no longer read your records.
portal-no-apps = No app is connected to your records.
portal-apps-intro = These apps can read your records from us. Disconnecting one stops it at once; what it already downloaded stays with the app.
portal-app-connected-on = Connected on { $date }.
portal-app-last-read = Last read your records on { $date }.
portal-app-not-read = Has not read anything yet.
portal-app-may-read = It may read:
portal-app-disconnect = Disconnect { $app }
accounting-heading = Who we shared the records with
accounting-heading-yours = Who we shared your records with
accounting-intro = This is the accounting of disclosures of the health records of { $patient } made by { $practice } since { $since }, as 45 CFR 164.528 provides.
accounting-none = We have not disclosed these records in that time.
accounting-caption = Disclosures
accounting-date = Date
accounting-recipient = Recipient
accounting-what = What was disclosed
accounting-purpose = Purpose
accounting-files = { $count ->
    [one] 1 file
   *[other] { $count } files
}
accounting-back-to-request = Back to the request
track-back = Back to your request
security-intro = Two-step sign-in is optional. With it, someone who learns your password still cannot open your records.
security-confirm-heading = Confirm it is you
security-confirm = To change how you sign in, type your password again.
security-confirm-with-code = To change how you sign in, type your password and a code from your app again.
security-continue = Continue
security-app-heading = Authenticator app
security-on = On.
security-off = Off.
security-app-on = Signing in asks for a code from your app after your password.
security-codes-left = { $count ->
    [one] 1 recovery code left.
   *[other] { $count } recovery codes left.
}
security-new-codes = Make new recovery codes
security-set-up-app = Set up an authenticator app
security-passkeys-heading = Passkeys
security-passkeys-intro = A passkey (your phone, Windows Hello, Touch ID or a security key) signs you in without your password, and cannot be stolen by a fake website.
security-passkey-added = added { $date }
security-passkey-used = last used { $date }
security-remove = Remove
security-passkey-name = Name for a new passkey
security-passkey-default = My passkey
security-add-passkey = Add a passkey
security-turn-off = Turn off two-step sign-in
security-turn-off-text = Removes your app, recovery codes and passkeys: your password alone signs you in again.
security-enrol-intro = After this, signing in asks for your password and then a code from the app (for example Microsoft Authenticator, Google Authenticator or 1Password), so someone who learns your password still cannot get in.
security-turn-on = Turn it on
security-cancel = Cancel
enrol-add = Add this practice to your app
enrol-scan = Scan the code with the app:
enrol-qr = QR code for adding { $account } to an authenticator app
enrol-type-key = Or type this key into the app (time-based, 6 digits):
enrol-type-code = Type the code the app shows
enrol-code = 6-digit code
recovery-title = Your recovery codes
recovery-keep = Keep these somewhere safe, away from your phone (print them or store them in a password manager). Each signs you in once if you do not have your phone. They are shown only now.
passkey-email-first = Type your email address first, then use your passkey.
passkey-failed = Something went wrong: try again.
