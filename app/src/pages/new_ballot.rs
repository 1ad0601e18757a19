//! Opening a ballot in Quorum (the group's chairs): id (the group's next free number unless
//! given), title, proposer, purpose and motion. A plain form posting to a server function, so it
//! works with JavaScript off; the new ballot's page opens with its step forms.

use crate::api::{get_new_ballot_page, CreateBallot};
use crate::components::status::loaded;
use crate::model::NewBallotPage;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn NewBallotPageView() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_new_ballot_page());
    view! {
        <Title text="New ballot"/>
        {loaded(data, |page| view! { <NewBallotForm page/> })}
    }
}

#[component]
fn NewBallotForm(page: NewBallotPage) -> impl IntoView {
    let create = ServerAction::<CreateBallot>::new();
    let suggested = page.groups.iter().map(|(_, id)| id.clone()).collect::<Vec<_>>().join(", ");
    view! {
        <section class="narrow">
            <p class="crumbs"><a href="/ballots">"Ballots"</a></p>
            <h1>"New ballot"</h1>
            <p class="lede">"The ballot starts as a draft: record endorsements, then start the discussion period from its page. Its post is written into the content tree and updated at every step."</p>
            {move || create.value().get().and_then(|r| r.err()).map(|e| view! { <p class="form-error" role="alert">{e.message().to_string()}</p> })}
            <form class="compose-form" method="post" action=CreateBallot::url()>
                <input type="hidden" name="csrf" value=page.session.csrf.clone()/>
                <label for="b-wg">"Working group"</label>
                <select id="b-wg" name="wg" required>
                    {page.groups.iter().map(|(wg, id)| view! {
                        <option value=wg.slug().to_string()>{format!("{} (next: {id})", wg.name())}</option>
                    }).collect_view()}
                </select>
                <label for="b-id">"Ballot id" <span class="hint">{format!(" empty: the group's next free number ({suggested})")}</span></label>
                <input type="text" id="b-id" name="id" maxlength="20" placeholder="e.g. SC-99"/>
                <label for="b-title">"Title"</label>
                <input type="text" id="b-title" name="title" required maxlength="300"/>
                <label for="b-proposer">"Proposer"</label>
                <input type="text" id="b-proposer" name="proposer_name" required maxlength="200"/>
                <label for="b-proposer-org">"Proposer's organisation"</label>
                <input type="text" id="b-proposer-org" name="proposer_org" required maxlength="200"/>
                <label for="b-purpose">"Purpose" <span class="hint">" markdown"</span></label>
                <textarea id="b-purpose" name="purpose" rows="6"></textarea>
                <label for="b-motion">"Motion text or redline link" <span class="hint">" markdown"</span></label>
                <textarea id="b-motion" name="motion" rows="6"></textarea>
                <label class="check"><input type="checkbox" name="no_review" value="1"/> " No IPR review (elections, charter and bylaw ballots)"</label>
                <div class="buttons"><button type="submit" class="primary">"Create the draft ballot"</button></div>
            </form>
        </section>
    }
}
