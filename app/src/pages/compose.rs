//! Writing minutes in Quorum: the "New minutes" page and the edit page of published minutes.
//!
//! Both are plain HTML forms posting to server functions, so they work with JavaScript off: the
//! "Preview" button sends the fields back to the page (a GET), which renders the preview on the
//! server; "Publish" posts them. With JavaScript on, the preview follows the typing (the same
//! server-side pipeline, asked in the background), and the buttons work as before. Errors come
//! back next to their fields (a refused publish returns to the filled-in form).

use crate::api::{get_compose, get_minutes_edit, preview_minutes, PublishMinutes, SaveMinutes};
use crate::components::status::loaded;
use crate::components::wg::BallotLink;
use crate::model::{ComposePage, MinutesEdit, MinutesForm, MinutesPreview};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn NewMinutesPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (q.get("wg"), q.get("meeting_date"), q.get("attendees"), q.get("minute_taker"), q.get("body"))
        },
        |(wg, date, attendees, taker, body)| get_compose(wg, date, attendees, taker, body),
    );
    let refused = move || query.read_untracked().get("refused").is_some();
    view! {
        <Title text="New minutes"/>
        {loaded(data, move |page| view! { <ComposeForm page refused=refused()/> })}
    }
}

/// The preview as it stands: from the server's render of the page, then (JavaScript on) from
/// the background previews while the chair types.
#[component]
fn PreviewPane(preview: Signal<MinutesPreview>) -> impl IntoView {
    view! {
        <section class="preview" aria-labelledby="preview-h" aria-live="polite">
            <h2 id="preview-h">"Preview"</h2>
            {move || {
                let p = preview.get();
                if p.html.is_empty() {
                    return view! { <p class="empty">"Write the minutes to see them as readers will."</p> }.into_any();
                }
                view! {
                    {(!p.title.is_empty()).then(|| view! { <h3 class="preview-title">{p.title.clone()}</h3> })}
                    {(!p.path.is_empty()).then(|| view! { <p class="muted">"Will be written to " <code>{p.path.clone()}</code></p> })}
                    <div class="prose preview-body" inner_html=p.html.clone()></div>
                    <dl class="facts extracted">
                        <dt>"Attendees"</dt><dd>{format!("{} read", p.attendees.len())}</dd>
                        <dt>"Minute-taker"</dt><dd>{p.minute_taker.clone().unwrap_or_else(|| "not recorded".into())}</dd>
                        <dt>"Next meeting"</dt><dd>{p.next_meeting.clone().unwrap_or_else(|| "not stated".into())}</dd>
                        <dt>"Ballots referenced"</dt>
                        <dd class="preview-ballots">{if p.ballot_refs.is_empty() { view! { "none" }.into_any() } else {
                            p.ballot_refs.iter().map(|id| {
                                let link = id.parse::<crate::domain::BallotId>().ok().map(|id| view! { <BallotLink id/> });
                                view! { {link} " " }
                            }).collect_view().into_any()
                        }}</dd>
                        <dt>"Action items"</dt>
                        <dd>{if p.action_items.is_empty() { view! { "none" }.into_any() } else {
                            view! { <ul class="plain preview-items">{p.action_items.iter().map(|(owner, text, suggested)| view! {
                                <li><strong>{owner.clone()}</strong> ": " {text.clone()}
                                {suggested.then(|| view! { " " <span class="badge state-suggested">"suggested"</span> })}</li>
                            }).collect_view()}</ul> }.into_any()
                        }}</dd>
                    </dl>
                    {(!p.warnings.is_empty()).then(|| view! {
                        <ul class="warnings">{p.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul>
                    })}
                }
                .into_any()
            }}
        </section>
    }
}

/// The message under a field, if the preview found a problem with it.
fn field_error(preview: Signal<MinutesPreview>, field: &'static str) -> impl IntoView {
    let id = format!("{field}-error");
    move || preview.get().error_for(field).map(|e| view! { <p class="field-error" id=id.clone()>{e}</p> })
}

#[component]
fn ComposeForm(page: ComposePage, refused: bool) -> impl IntoView {
    let publish = ServerAction::<PublishMinutes>::new();
    let form = page.form.clone();
    let fields = RwSignal::new(form.clone());
    let live = RwSignal::new(None::<MinutesPreview>);
    let server_preview = page.preview.clone();
    let preview = Signal::derive(move || live.get().unwrap_or_else(|| server_preview.clone()));
    // Background preview after a pause in typing (JavaScript on only: events never fire on the
    // server, and without JavaScript the Preview button does this job).
    let typed = RwSignal::new(0u64);
    let on_input = move |field: &'static str, value: String| {
        fields.update(|f| match field {
            "wg" => f.wg = value,
            "meeting_date" => f.meeting_date = value,
            "attendees" => f.attendees = value,
            "minute_taker" => f.minute_taker = value,
            _ => f.body = value,
        });
        typed.update(|n| *n += 1);
        let ticket = typed.get_untracked();
        set_timeout(
            move || {
                if typed.get_untracked() != ticket {
                    return;
                }
                let f: MinutesForm = fields.get_untracked();
                leptos::task::spawn_local(async move {
                    if let Ok(p) = preview_minutes(
                        Some(f.wg),
                        Some(f.meeting_date),
                        Some(f.attendees),
                        Some(f.minute_taker),
                        Some(f.body),
                    )
                    .await
                    {
                        if typed.get_untracked() == ticket {
                            live.set(Some(p));
                        }
                    }
                });
            },
            std::time::Duration::from_millis(350),
        );
    };
    let people = page.people.clone();
    let groups = page.groups.clone();
    // The "add" buttons beside people seen before work with JavaScript only; without it they stay
    // hidden and the names are there to copy.
    let attendees_ref = NodeRef::<leptos::html::Textarea>::new();
    let live_page = RwSignal::new(false);
    Effect::new(move |_| live_page.set(true));
    let selected = form.wg.clone();
    view! {
        <h1>"New minutes"</h1>
        <p class="lede">"Written into the content tree as the group's Hugo post, then read like every other post: what the preview shows is what readers will see."</p>
        {refused.then(|| view! { <p class="form-error" role="alert">"Not published: correct the fields marked below."</p> })}
        {move || publish.value().get().and_then(|r| r.err()).map(|e| view! { <p class="form-error" role="alert">{e.message().to_string()}</p> })}
        <div class="compose">
            <form class="compose-form" method="post" action=PublishMinutes::url()>
                <input type="hidden" name="csrf" value=page.session.csrf.clone()/>
                <label for="m-wg">"Working group"</label>
                <select id="m-wg" name="wg" aria-describedby="wg-error" on:change=move |ev| on_input("wg", event_target_value(&ev))>
                    <option value="" selected=selected.is_empty()>"Choose…"</option>
                    {groups.iter().map(|g| {
                        let slug = g.slug().to_string();
                        view! { <option value=slug.clone() selected=slug == selected>{g.name()}</option> }
                    }).collect_view()}
                </select>
                {field_error(preview, "wg")}
                <label for="m-date">"Meeting date"</label>
                <input type="date" id="m-date" name="meeting_date" value=form.meeting_date.clone() aria-describedby="meeting_date-error"
                    on:input=move |ev| on_input("meeting_date", event_target_value(&ev))/>
                {field_error(preview, "meeting_date")}
                <label for="m-attendees">"Attendees" <span class="hint">" one a line: Name (Organisation)"</span></label>
                <textarea id="m-attendees" name="attendees" rows="8" aria-describedby="attendees-error" node_ref=attendees_ref
                    on:input=move |ev| on_input("attendees", event_target_value(&ev))>{form.attendees.clone()}</textarea>
                {field_error(preview, "attendees")}
                {(!people.is_empty()).then(|| view! {
                    <details class="people">
                        <summary>{format!("People seen at this group's recent meetings ({})", people.len())}</summary>
                        <ul class="plain">{people.iter().map(|p| {
                            let line = p.clone();
                            view! {
                                <li>
                                    <span>{p.clone()}</span>
                                    <button type="button" class="link add-person" hidden=move || !live_page.get()
                                        aria-label=format!("Add {p} to the attendees")
                                        on:click=move |_| {
                                            if let Some(el) = attendees_ref.get() {
                                                let current = el.value();
                                                if !current.lines().any(|l| l.trim().eq_ignore_ascii_case(&line)) {
                                                    let joined = if current.trim().is_empty() { line.clone() } else { format!("{}\n{line}", current.trim_end()) };
                                                    el.set_value(&joined);
                                                    on_input("attendees", joined);
                                                }
                                            }
                                        }>"add"</button>
                                </li>
                            }
                        }).collect_view()}</ul>
                    </details>
                })}
                <label for="m-taker">"Minute-taker"</label>
                <input type="text" id="m-taker" name="minute_taker" value=form.minute_taker.clone() list="m-people" autocomplete="off"
                    on:input=move |ev| on_input("minute_taker", event_target_value(&ev))/>
                <datalist id="m-people">{people.iter().map(|p| view! {
                    <option value=p.split(" (").next().unwrap_or(p).to_string()></option>
                }).collect_view()}</datalist>
                <label for="m-body">"Minutes" <span class="hint">" markdown"</span></label>
                <textarea id="m-body" name="body" rows="18" aria-describedby="body-error"
                    on:input=move |ev| on_input("body", event_target_value(&ev))>{form.body.clone()}</textarea>
                {field_error(preview, "body")}
                <div class="buttons">
                    <button type="submit" formmethod="get" formaction="/minutes/new" name="preview" value="1">"Preview"</button>
                    <button type="submit" class="primary">"Publish"</button>
                </div>
            </form>
            <PreviewPane preview/>
        </div>
    }
}

#[component]
pub fn EditMinutesPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let data = Resource::new(slug, get_minutes_edit);
    view! {
        {loaded(data, |edit| view! { <EditForm edit/> })}
    }
}

#[component]
fn EditForm(edit: MinutesEdit) -> impl IntoView {
    let save = ServerAction::<SaveMinutes>::new();
    let back = format!("/minutes/{}", edit.slug);
    view! {
        <Title text=format!("Edit: {}", edit.title)/>
        <p class="crumbs"><a href=back.clone()>{edit.title.clone()}</a></p>
        <h1>"Edit minutes"</h1>
        <p class="lede">"The text after the front matter of " <code>{edit.path.clone()}</code>
            "; the front matter stays as it is. If the file changes on disk before you save, the save is refused."</p>
        {move || save.value().get().and_then(|r| r.err()).map(|e| view! { <p class="form-error" role="alert">{e.message().to_string()}</p> })}
        <form class="compose-form" method="post" action=SaveMinutes::url()>
            <input type="hidden" name="csrf" value=edit.session.csrf.clone()/>
            <input type="hidden" name="slug" value=edit.slug.clone()/>
            <input type="hidden" name="hash" value=edit.hash.clone()/>
            <label for="e-body">"Minutes" <span class="hint">" markdown"</span></label>
            <textarea id="e-body" name="body" rows="24">{edit.body.clone()}</textarea>
            <div class="buttons">
                <button type="submit" class="primary">"Save"</button>
                <a href=back>"Cancel"</a>
            </div>
        </form>
    }
}
