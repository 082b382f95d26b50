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
home-elsewhere-connie = Connecticut's health information exchange, Connie, connects hospitals, practices and labs across the state; your other providers may be able to see your records through it.

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
