//! Running a ballot in Quorum, on its page, for the group's chairs: a form for each step the
//! ballot's stage allows (see `domain::ballot::next_steps`), and the announcements with a copy
//! button. Every form is a plain HTML form posting to a server function (JavaScript off works);
//! with JavaScript on, `ActionForm` sends it in the background and the page reloads its data.
//! The server checks the role, the CSRF token, the revision the form was made from, and the
//! bylaws; a refusal comes back with the rule's reason.

use crate::api::BallotStep;
use crate::model::{Announcement, BallotRun};
use leptos::prelude::*;

/// The fields every step form sends: which ballot, which step, the CSRF token and the revision
/// the form was made from.
fn hidden(id: &str, run: &BallotRun, op: &'static str) -> impl IntoView {
    view! {
        <input type="hidden" name="id" value=id.to_string()/>
        <input type="hidden" name="op" value=op/>
        <input type="hidden" name="csrf" value=run.csrf.clone()/>
        <input type="hidden" name="expected_revision" value=run.revision.to_string()/>
    }
}

/// "When" for steps that happened on the list earlier: empty means now; never in the future.
fn when(op: &'static str, now: &str) -> impl IntoView {
    let id = format!("at-{op}");
    view! {
        <label for=id.clone() class="when">"When (UTC; empty: now)"</label>
        <input type="datetime-local" id=id name="at" max=now.to_string()/>
    }
}

fn label(op: &str) -> &'static str {
    match op {
        "endorse" => "Record an endorsement",
        "version" => "Post a new version (restarts discussion)",
        "start_discussion" => "Start the discussion period",
        "start_voting" => "Start voting (7 days)",
        "vote" => "Record a vote",
        "close_voting" => "Close voting and record the result",
        "start_review" => "Start the IPR review",
        "exclusion_notice" => "Record an exclusion notice (rescinds the ballot)",
        "close_review" => "Close the IPR review (adopted)",
        "withdraw" => "Withdraw",
        "cancel" => "Cancel",
        _ => "Record",
    }
}

/// The step forms.
#[component]
pub fn RunPanel(id: String, run: BallotRun, action: ServerAction<BallotStep>) -> impl IntoView {
    let orgs = run.orgs.clone();
    let steps = run.next_steps.clone();
    let forms = steps
        .iter()
        .map(|op| {
            let op: &'static str = match op.as_str() {
                "endorse" => "endorse",
                "version" => "version",
                "start_discussion" => "start_discussion",
                "start_voting" => "start_voting",
                "vote" => "vote",
                "close_voting" => "close_voting",
                "start_review" => "start_review",
                "exclusion_notice" => "exclusion_notice",
                "close_review" => "close_review",
                "withdraw" => "withdraw",
                _ => "cancel",
            };
            let fields = match op {
                "endorse" => view! {
                    <label for="endorse-name">"Endorser"</label>
                    <input type="text" id="endorse-name" name="name" required maxlength="200"/>
                    <label for="endorse-org">"Organisation"</label>
                    <input type="text" id="endorse-org" name="org" list="run-orgs" maxlength="200" autocomplete="off"/>
                }
                .into_any(),
                "version" => view! {
                    <label for="version-number">"Version"</label>
                    <input type="number" id="version-number" name="version" min="2" required/>
                    <label for="version-url">"Redline or text (link)"</label>
                    <input type="url" id="version-url" name="url" maxlength="500"/>
                }
                .into_any(),
                "vote" => view! {
                    <label for="vote-org">"Organisation"</label>
                    <input type="text" id="vote-org" name="org" list="run-orgs" required maxlength="200" autocomplete="off"/>
                    <label for="vote-category">"Category"</label>
                    <select id="vote-category" name="category">
                        <option value="issuer">"Certificate Issuer"</option>
                        <option value="consumer">"Certificate Consumer"</option>
                    </select>
                    <label for="vote-choice">"Vote"</label>
                    <select id="vote-choice" name="vote">
                        <option value="yes">"Yes"</option>
                        <option value="no">"No"</option>
                        <option value="abstain">"Abstain"</option>
                    </select>
                }
                .into_any(),
                "start_review" => view! {
                    <label for="review-days">"Length"</label>
                    <select id="review-days" name="days">
                        <option value="30">"30 days"</option>
                        <option value="60">"60 days"</option>
                    </select>
                }
                .into_any(),
                "exclusion_notice" => view! {
                    <label for="exclusion-org">"Filed by (organisation)"</label>
                    <input type="text" id="exclusion-org" name="org" list="run-orgs" maxlength="200" autocomplete="off"/>
                }
                .into_any(),
                _ => ().into_any(),
            };
            let danger = matches!(op, "withdraw" | "cancel" | "exclusion_notice");
            let (hidden, when) = (hidden(&id, &run, op), when(op, &run.now));
            view! {
                <ActionForm action=action attr:class=format!("step step-{op}")>
                    <fieldset>
                        <legend>{label(op)}</legend>
                        {hidden}
                        {fields}
                        {when}
                        <button type="submit" class=if danger { "danger" } else { "primary" }>{label(op)}</button>
                    </fieldset>
                </ActionForm>
            }
        })
        .collect_view();
    view! {
        <section class="run-ballot" aria-labelledby="run-h">
            <h2 id="run-h">"Run this ballot"</h2>
            <p class="muted">{format!("Revision {}. Each step is checked against the bylaws and recorded in the history; the ballot's post is rewritten in the content tree.", run.revision)}</p>
            {move || action.value().get().and_then(|r| r.err()).map(|e| view! { <p class="form-error" role="alert">{e.message().to_string()}</p> })}
            {if run.next_steps.is_empty() {
                view! { <p class="empty">"This ballot has ended; there is nothing left to record."</p> }.into_any()
            } else {
                view! { <div class="steps">{forms}</div> }.into_any()
            }}
            <datalist id="run-orgs">{orgs.into_iter().map(|o| view! { <option value=o></option> }).collect_view()}</datalist>
        </section>
    }
}

/// Copies `text` to the clipboard (JavaScript on).
fn copy_to_clipboard(text: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().navigator().clipboard().write_text(text);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = text;
}

/// The texts the chair sends to the list and posts on the site, each with a copy button (shown
/// once the page is live; without JavaScript the text is there to select).
#[component]
pub fn Announcements(announcements: Vec<Announcement>) -> impl IntoView {
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    view! {
        <section class="announcements" aria-labelledby="ann-h">
            <h2 id="ann-h">"Announcements"</h2>
            <p class="muted">"In the Forum's layout, for the group's list and the site; the ballot's post in the content tree carries the same text."</p>
            {announcements.into_iter().map(|a| {
                let copied = RwSignal::new(false);
                let text = format!("Subject: {}\n\n{}", a.subject, a.body);
                let body_id = format!("ann-{}", a.key);
                let rows = a.body.lines().count().clamp(4, 24).to_string();
                view! {
                    <article class="announcement" data-key=a.key.clone()>
                        <h3>{a.label.clone()}</h3>
                        <p>"Subject: " <strong class="subject">{a.subject.clone()}</strong></p>
                        <label for=body_id.clone() class="visually-hidden">{format!("{} (text)", a.label)}</label>
                        <textarea id=body_id readonly rows=rows class="announcement-body">{a.body.clone()}</textarea>
                        <button type="button" class="copy" hidden=move || !live.get()
                            on:click=move |_| { copy_to_clipboard(&text); copied.set(true); }>
                            {move || if copied.get() { "Copied" } else { "Copy subject and text" }}
                        </button>
                    </article>
                }
            }).collect_view()}
        </section>
    }
}

/// A member's form for their own organisation's vote (groups that let members record it).
#[component]
pub fn OwnVoteForm(id: String, own: crate::model::OwnVote, action: ServerAction<BallotStep>) -> impl IntoView {
    let recorded = own.recorded.clone();
    view! {
        <section class="run-ballot own-vote" aria-labelledby="own-vote-h">
            <h2 id="own-vote-h">{format!("Vote for {}", own.org)}</h2>
            <p class="muted">{match &recorded {
                Some(choice) => format!("{}'s vote is recorded as {choice}; a new vote replaces it until voting ends.", own.org),
                None => format!("No vote is recorded for {} yet.", own.org),
            }}</p>
            {move || action.value().get().and_then(|r| r.err()).map(|e| view! { <p class="form-error" role="alert">{e.message().to_string()}</p> })}
            <ActionForm action=action attr:class="step step-own-vote">
                <fieldset>
                    <legend>"Your organisation's vote"</legend>
                    <input type="hidden" name="id" value=id.clone()/>
                    <input type="hidden" name="op" value="vote"/>
                    <input type="hidden" name="csrf" value=own.csrf.clone()/>
                    <input type="hidden" name="org" value=own.org.clone()/>
                    <label for="own-category">"Category"</label>
                    <select id="own-category" name="category">
                        <option value="issuer">"Certificate Issuer"</option>
                        <option value="consumer">"Certificate Consumer"</option>
                    </select>
                    <label for="own-choice">"Vote"</label>
                    <select id="own-choice" name="vote">
                        <option value="yes">"Yes"</option>
                        <option value="no">"No"</option>
                        <option value="abstain">"Abstain"</option>
                    </select>
                    <button type="submit" class="primary">"Record the vote"</button>
                </fieldset>
            </ActionForm>
        </section>
    }
}
