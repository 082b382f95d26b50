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
