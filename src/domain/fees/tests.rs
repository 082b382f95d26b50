//! The worked cases of SPEC section 4, then table-driven caps and exemptions.

use super::*;

fn docs(delivery: DocumentDelivery, pages: Option<u32>) -> Option<DocumentsPart> {
    Some(DocumentsPart { delivery, pages })
}

fn images(delivery: ImageDelivery) -> Option<ImagesPart> {
    Some(ImagesPart { delivery })
}

fn request(
    requester_type: RequesterType,
    purpose: Purpose,
    documents: Option<DocumentsPart>,
    images: Option<ImagesPart>,
) -> QuoteRequest {
    QuoteRequest {
        requester_type,
        purpose,
        ssa_documentation: false,
        documents,
        images,
    }
}

fn total(request: &QuoteRequest) -> Option<i64> {
    quote(&FeeSchedule::practice_default(), request)
        .total_cents
        .map(Cents::get)
}

use DocumentDelivery as D;
use ImageDelivery as I;
use Purpose as P;
use RequesterType as R;

#[test]
fn spec_worked_cases() {
    let cases = [
        (
            "patient, 4 pages by mail",
            request(R::Patient, P::Individual, docs(D::Mail, Some(4)), None),
            260,
        ),
        (
            "patient, 25 pages by mail",
            request(R::Patient, P::Individual, docs(D::Mail, Some(25)), None),
            650,
        ),
        (
            "attorney, 25 pages",
            request(R::ThirdParty, P::Legal, docs(D::Mail, Some(25)), None),
            1625,
        ),
        (
            "patient, MRI by secure link",
            request(R::Patient, P::Individual, None, images(I::SecureLink)),
            1500,
        ),
        (
            "patient, X-ray on CD",
            request(R::Patient, P::Individual, None, images(I::Cd)),
            2500,
        ),
        (
            "continuing care",
            request(
                R::Provider,
                P::ContinuingCare,
                docs(D::Fax, Some(300)),
                images(I::Cd),
            ),
            0,
        ),
        (
            "patient, 12 pages + X-ray CD",
            request(
                R::Patient,
                P::Individual,
                docs(D::Mail, Some(12)),
                images(I::Cd),
            ),
            3150,
        ),
    ];
    for (name, req, expected) in cases {
        assert_eq!(total(&req), Some(expected), "{name}");
    }
}

#[test]
fn the_patient_cap_applies_to_patients_and_representatives_only() {
    // (requester, pages, expected total, cap applied)
    let table = [
        (R::Patient, 10, 650, false),
        (R::Patient, 11, 650, true),
        (R::Representative, 11, 650, true),
        (R::Representative, 3, 195, false),
        (R::ThirdParty, 11, 715, false),
        (R::ThirdParty, 1000, 65_000, false),
    ];
    for (requester, pages, expected, cap_applied) in table {
        let purpose = if requester == R::ThirdParty {
            P::Insurance
        } else {
            P::Individual
        };
        let q = quote(
            &FeeSchedule::practice_default(),
            &request(requester, purpose, docs(D::SecureLink, Some(pages)), None),
        );
        assert_eq!(
            q.total_cents,
            Some(Cents::new(expected)),
            "{requester} {pages}"
        );
        assert_eq!(q.lines[0].cap_applied, cap_applied, "{requester} {pages}");
        assert_eq!(
            q.lines[0].subtotal_cents,
            Some(Cents::new(65 * i64::from(pages)))
        );
        if cap_applied {
            assert_eq!(q.lines[0].note.as_deref(), Some("capped at $6.50"));
        }
    }
}

#[test]
fn exemptions_make_every_line_free() {
    let mut ssa = request(
        R::ThirdParty,
        P::SocialSecurity,
        docs(D::Mail, Some(40)),
        images(I::Cd),
    );
    ssa.ssa_documentation = true;
    let table = [
        (
            request(
                R::Provider,
                P::Individual,
                docs(D::Mail, Some(40)),
                images(I::Cd),
            ),
            Exemption::ContinuingCare,
        ),
        (
            request(
                R::ThirdParty,
                P::ContinuingCare,
                docs(D::Mail, Some(40)),
                images(I::SecureLink),
            ),
            Exemption::ContinuingCare,
        ),
        (ssa, Exemption::SocialSecurity),
    ];
    for (req, exemption) in table {
        let q = quote(&FeeSchedule::practice_default(), &req);
        assert_eq!(q.total_cents, Some(Cents::ZERO), "{exemption}");
        assert!(
            q.lines.iter().all(|l| l.exemption == Some(exemption)),
            "{exemption}"
        );
    }
}

#[test]
fn a_social_security_claim_without_documentation_is_charged() {
    let req = request(R::Patient, P::SocialSecurity, docs(D::Mail, Some(4)), None);
    assert_eq!(total(&req), Some(260));
}

#[test]
fn portal_and_provider_delivery_are_free_for_anyone() {
    assert_eq!(
        total(&request(
            R::ThirdParty,
            P::Legal,
            docs(D::Portal, Some(90)),
            None
        )),
        Some(0)
    );
    assert_eq!(
        total(&request(
            R::ThirdParty,
            P::Legal,
            docs(D::Provider, Some(90)),
            None
        )),
        Some(0)
    );
    assert_eq!(
        total(&request(
            R::Patient,
            P::Individual,
            None,
            images(I::Provider)
        )),
        Some(0)
    );
}

#[test]
fn unknown_pages_give_no_total_and_the_cap_as_maximum() {
    let schedule = FeeSchedule::practice_default();
    let q = quote(
        &schedule,
        &request(
            R::Patient,
            P::Individual,
            docs(D::Mail, None),
            images(I::Cd),
        ),
    );
    assert_eq!(q.total_cents, None);
    assert_eq!(q.max_cents, Some(Cents::new(3150)));
    assert_eq!(q.lines[0].quantity, None);
    assert_eq!(q.lines[0].amount_cents, None);

    let third = quote(
        &schedule,
        &request(R::ThirdParty, P::Legal, docs(D::Mail, None), None),
    );
    assert_eq!(third.total_cents, None);
    assert_eq!(third.max_cents, None, "no cap bounds a third party's pages");

    let free = quote(
        &schedule,
        &request(R::Provider, P::ContinuingCare, docs(D::Fax, None), None),
    );
    assert_eq!(
        free.total_cents,
        Some(Cents::ZERO),
        "exempt lines are known to be free"
    );
}

#[test]
fn never_adds_search_retrieval_or_postage_lines() {
    let q = quote(
        &FeeSchedule::practice_default(),
        &request(
            R::Patient,
            P::Individual,
            docs(D::Mail, Some(5)),
            images(I::Cd),
        ),
    );
    let rules: Vec<_> = q.lines.iter().map(|l| l.rule).collect();
    assert_eq!(rules, [Rule::DocumentsPerPage, Rule::ImagesCd]);
}

#[test]
fn quotes_carry_the_schedule_version() {
    let q = quote(
        &FeeSchedule::practice_default(),
        &request(R::Patient, P::Individual, None, None),
    );
    assert_eq!(q.schedule, "ct-2026-01");
    assert_eq!(q.total_cents, Some(Cents::ZERO));
}
