//! The browser's part of `App::update`: its keys and the worker's answers.

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::dialog::{delete_question, download_form, download_path_problem, overwrite_question};
use super::keys::{BUCKETS, OBJECTS};
use super::{
    BucketsPane, Deletion, Dialog, Download, Fetch, ObjectsAction, ObjectsCmd, ObjectsMsg,
    ObjectsPane, Overlay, Paging, Sort,
};
use crate::app::keymap::{self, Action};
use crate::app::{App, Cmd, ConfirmEvent, FormEvent, NoticeLevel, Pane};
use crate::model::objects::DownloadError;
use crate::model::objects::{EntryKind, human_size};
use crate::model::preview::Preview;

/// Lines a page key scrolls the preview by.
const PREVIEW_PAGE: usize = 20;

fn cmd(cmd: ObjectsCmd) -> Cmd {
    Cmd::Objects(cmd)
}

impl App {
    /// Opens the browser at `bucket`/`prefix` and asks for its first page.
    /// `label` names the place as a user sees it (a LOGICAL home's entry).
    pub fn open_objects(&mut self, bucket: &str, prefix: &str, label: Option<&str>) -> Vec<Cmd> {
        self.open(Pane::Objects(Box::new(ObjectsPane::at(
            bucket, prefix, label,
        ))));
        self.start_objects_panes()
    }

    /// Opens the bucket list (ListBuckets).
    pub fn open_buckets(&mut self) -> Vec<Cmd> {
        let req = self.next_request();
        self.open(Pane::Buckets(Box::new(BucketsPane::new(req))));
        vec![cmd(ObjectsCmd::ListBuckets { req })]
    }

    /// First pages for browser panes opened before the loop started
    /// (`--bucket`).
    pub(in crate::app) fn start_objects_panes(&mut self) -> Vec<Cmd> {
        let mut next = self.next_request;
        let cmds = self
            .stack
            .iter_mut()
            .filter_map(|pane| match pane {
                Pane::Objects(pane) if pane.paging == Paging::NotStarted => pane.next_page(|| {
                    next += 1;
                    crate::app::RequestId(next)
                }),
                _ => None,
            })
            .map(cmd)
            .collect();
        self.next_request = next;
        cmds
    }

    pub(in crate::app) fn objects_loading(&self) -> Option<String> {
        self.stack.iter().rev().find_map(|pane| match pane {
            Pane::Objects(pane) => pane.loading(),
            Pane::Buckets(pane) => matches!(pane.state, super::BucketsState::Loading(_))
                .then(|| "listing buckets".to_string()),
            _ => None,
        })
    }

    pub(in crate::app) fn objects_refresh(&mut self) -> Vec<Cmd> {
        let req = self.next_request();
        match self.stack.last_mut() {
            Some(Pane::Buckets(pane)) => {
                if matches!(pane.state, super::BucketsState::Loading(_)) {
                    return Vec::new();
                }
                pane.state = super::BucketsState::Loading(req);
                vec![cmd(ObjectsCmd::ListBuckets { req })]
            }
            Some(Pane::Objects(pane)) => {
                if pane.is_loading() {
                    return Vec::new(); // a refresh asked twice coalesces
                }
                pane.restart();
                pane.next_page(|| req).map(cmd).into_iter().collect()
            }
            _ => Vec::new(),
        }
    }

    /// `--refresh` on the objects pane: see [`ObjectsPane::relist_in_place`].
    pub(in crate::app) fn objects_auto_refresh(&mut self) -> Vec<Cmd> {
        let req = self.next_request();
        match self.stack.last_mut() {
            Some(Pane::Objects(pane)) => pane.relist_in_place(req).map(cmd).into_iter().collect(),
            _ => Vec::new(),
        }
    }

    /// The browser's keys; `None` leaves the key to the global bindings.
    pub(in crate::app) fn objects_key(&mut self, key: &KeyEvent) -> Option<Vec<Cmd>> {
        match self.stack.last() {
            Some(Pane::Servers) => {
                let action = keymap::action_for(key, &[super::keys::SERVERS]);
                (action == Some(Action::Objects(ObjectsAction::Buckets)))
                    .then(|| self.open_buckets())
            }
            Some(Pane::Buckets(_)) => {
                if let Some(Pane::Buckets(pane)) = self.stack.last_mut()
                    && pane.key(key)
                {
                    return Some(Vec::new());
                }
                let action = keymap::action_for(key, &[BUCKETS]);
                if action != Some(Action::Objects(ObjectsAction::Open)) {
                    return None;
                }
                let Some(Pane::Buckets(pane)) = self.stack.last() else {
                    return None;
                };
                let bucket = pane.selected()?.name.clone();
                Some(self.open_objects(&bucket, "", None))
            }
            Some(Pane::Objects(_)) => self.object_pane_key(key),
            _ => None,
        }
    }

    fn objects_pane(&mut self) -> Option<&mut ObjectsPane> {
        match self.stack.last_mut() {
            Some(Pane::Objects(pane)) => Some(pane.as_mut()),
            _ => None,
        }
    }

    fn object_pane_key(&mut self, key: &KeyEvent) -> Option<Vec<Cmd>> {
        let read_only = self.read_only;
        let download_dir = self.download_dir.clone();
        let pane = self.objects_pane()?;
        if pane.dialog.is_some() {
            return Some(self.objects_dialog_key(key));
        }
        if let Some(input) = &mut pane.filter_input {
            match key.code {
                KeyCode::Enter => pane.filter_input = None,
                KeyCode::Esc => {
                    pane.filter_input = None;
                    let at = pane.listing.set_filter("", pane.cursor.selected());
                    pane.cursor.select(at, pane.listing.len());
                }
                _ => {
                    input.handle_event(&Event::Key(*key));
                    let filter = input.value().to_string();
                    let at = pane.listing.set_filter(&filter, pane.cursor.selected());
                    pane.cursor.select(at, pane.listing.len());
                }
            }
            return Some(Vec::new());
        }
        if pane.overlay.is_some() {
            return overlay_key(pane, key);
        }
        let action = keymap::action_for(key, &[OBJECTS, keymap::MOVES]);
        if key.code == KeyCode::Esc {
            if pane.download.is_some() {
                self.notify(
                    NoticeLevel::Warning,
                    "a download is running here: c cancels it",
                );
                return Some(Vec::new());
            }
            if !pane.listing.filter.is_empty() {
                let at = pane.listing.set_filter("", pane.cursor.selected());
                pane.cursor.select(at, pane.listing.len());
                return Some(Vec::new());
            }
            return None;
        }
        let action = match action? {
            Action::Objects(action) => action,
            movement => {
                self.move_cursor(movement);
                return Some(self.more_if_due());
            }
        };
        let selected = pane.selected();
        let object = selected
            .clone()
            .filter(|(_, kind)| *kind == EntryKind::Object)
            .map(|(key, _)| key);
        let cmds = match action {
            ObjectsAction::Open => match selected {
                Some((prefix, EntryKind::Folder)) => {
                    let bucket = pane.bucket.clone();
                    return Some(self.open_objects(&bucket, &prefix, None));
                }
                Some((key, EntryKind::Object)) => self.show_detail(key),
                None => Vec::new(),
            },
            ObjectsAction::Filter => {
                pane.filter_input = Some(Input::new(pane.listing.filter.clone()));
                Vec::new()
            }
            ObjectsAction::Sort => {
                let next = pane.listing.sort.next();
                set_sort(pane, next);
                Vec::new()
            }
            ObjectsAction::Recent => {
                set_sort(pane, Sort::Modified);
                Vec::new()
            }
            ObjectsAction::SortReverse => {
                pane.listing.reverse();
                pane.cursor.select(0, pane.listing.len());
                Vec::new()
            }
            ObjectsAction::LoadAll => {
                pane.load_all = true;
                self.more_if_due()
            }
            ObjectsAction::Detail => match object {
                Some(key) => self.show_detail(key),
                None => self.need_object("detail"),
            },
            ObjectsAction::Preview => match object {
                Some(key) => {
                    let req = self.next_request();
                    let pane = self.objects_pane()?;
                    pane.overlay = Some(Overlay::Preview {
                        key: key.clone(),
                        fetch: Fetch::Loading(req),
                        scroll: 0,
                    });
                    let bucket = pane.bucket.clone();
                    vec![cmd(ObjectsCmd::Preview { req, bucket, key })]
                }
                None => self.need_object("preview"),
            },
            ObjectsAction::Download => match object {
                _ if pane.download.is_some() => {
                    self.notify(NoticeLevel::Warning, "one download at a time: c cancels it");
                    Vec::new()
                }
                Some(key) => {
                    pane.dialog = Some(Dialog::DownloadTo {
                        form: download_form(&key, download_dir.as_deref()),
                        key,
                    });
                    Vec::new()
                }
                None => self.need_object("download"),
            },
            ObjectsAction::CancelDownload => match &pane.download {
                Some(download) => vec![cmd(ObjectsCmd::CancelDownload { req: download.req })],
                None => Vec::new(),
            },
            ObjectsAction::Delete => match object {
                _ if read_only => {
                    self.refuse_if_read_only("deleting an object");
                    Vec::new()
                }
                Some(key) => {
                    pane.dialog = Some(Dialog::Delete {
                        confirm: delete_question(&pane.bucket, &key),
                        key,
                    });
                    Vec::new()
                }
                None => self.need_object("delete"),
            },
            ObjectsAction::Buckets => return None,
        };
        Some(cmds)
    }

    fn need_object(&mut self, what: &str) -> Vec<Cmd> {
        self.notify(NoticeLevel::Info, format!("select an object to {what}"));
        Vec::new()
    }

    fn show_detail(&mut self, key: String) -> Vec<Cmd> {
        let req = self.next_request();
        let Some(pane) = self.objects_pane() else {
            return Vec::new();
        };
        pane.overlay = Some(Overlay::Detail {
            key: key.clone(),
            fetch: Fetch::Loading(req),
        });
        let bucket = pane.bucket.clone();
        vec![cmd(ObjectsCmd::Head { req, bucket, key })]
    }

    /// The next page of the pane on top, when the cursor nears the end.
    fn more_if_due(&mut self) -> Vec<Cmd> {
        let req = self.next_request();
        self.objects_pane()
            .and_then(|pane| pane.next_page(|| req))
            .map(cmd)
            .into_iter()
            .collect()
    }

    fn objects_dialog_key(&mut self, key: &KeyEvent) -> Vec<Cmd> {
        let req = self.next_request();
        let Some(pane) = self.objects_pane() else {
            return Vec::new();
        };
        let Some(dialog) = &mut pane.dialog else {
            return Vec::new();
        };
        let bucket = pane.bucket.clone();
        match dialog {
            Dialog::DownloadTo { form, key: object } => match form.handle_key(key) {
                FormEvent::Cancel => pane.dialog = None,
                FormEvent::Submit => {
                    let path = form.value(0).to_string();
                    // The name offered is never hidden (`download_name`),
                    // so a name starting with `.` here was typed.
                    if let Some(problem) = download_path_problem(&path) {
                        form.set_error(0, problem);
                        return Vec::new();
                    }
                    let key = object.clone();
                    pane.dialog = None;
                    return start_download(pane, req, bucket, key, path.into(), false);
                }
                FormEvent::Edited | FormEvent::Moved => {}
            },
            Dialog::Overwrite {
                confirm,
                key: object,
                dest,
            } => match confirm.handle_key(key) {
                ConfirmEvent::Confirmed => {
                    let (key, dest) = (object.clone(), dest.clone());
                    pane.dialog = None;
                    return start_download(pane, req, bucket, key, dest, true);
                }
                ConfirmEvent::Cancelled => pane.dialog = None,
                ConfirmEvent::Pending => {}
            },
            Dialog::Delete {
                confirm,
                key: object,
            } => match confirm.handle_key(key) {
                ConfirmEvent::Confirmed => {
                    let key = object.clone();
                    pane.dialog = None;
                    if self.refuse_if_read_only("deleting an object") {
                        return Vec::new();
                    }
                    let Some(pane) = self.objects_pane() else {
                        return Vec::new();
                    };
                    pane.deleting = Some(Deletion {
                        req,
                        key: key.clone(),
                    });
                    return vec![cmd(ObjectsCmd::Delete { req, bucket, key })];
                }
                ConfirmEvent::Cancelled => pane.dialog = None,
                ConfirmEvent::Pending => {}
            },
        }
        Vec::new()
    }

    pub(in crate::app) fn on_objects_msg(&mut self, msg: ObjectsMsg) -> Vec<Cmd> {
        if let ObjectsMsg::BucketsListed { req, result } = msg {
            for pane in &mut self.stack {
                if let Pane::Buckets(pane) = pane {
                    pane.on_listed(req, result);
                    break;
                }
            }
            return Vec::new();
        }
        let req = match &msg {
            ObjectsMsg::BucketsListed { req, .. }
            | ObjectsMsg::PageListed { req, .. }
            | ObjectsMsg::Described { req, .. }
            | ObjectsMsg::Previewed { req, .. }
            | ObjectsMsg::DownloadProgress { req, .. }
            | ObjectsMsg::CancelRequested { req, .. }
            | ObjectsMsg::Downloaded { req, .. }
            | ObjectsMsg::Deleted { req, .. } => *req,
        };
        let new_req = self.next_request();
        let Some(pane) = self.stack.iter_mut().find_map(|pane| match pane {
            Pane::Objects(pane) if pane.awaits(req) => Some(pane),
            _ => None,
        }) else {
            return Vec::new(); // the pane is gone or asked again since
        };
        let mut notice = None;
        let mut cmds = Vec::new();
        match msg {
            ObjectsMsg::BucketsListed { .. } => {}
            ObjectsMsg::PageListed { req, result } if pane.relisting == Some(req) => {
                pane.on_relisted(result);
            }
            ObjectsMsg::PageListed { result, .. } => match result {
                Ok(page) => match pane.listing.append(&page.entries, pane.cursor.selected()) {
                    Ok(at) => {
                        pane.pages += 1;
                        pane.cursor.select(at, pane.listing.len());
                        pane.paging = match page.next_token {
                            Some(token) => Paging::More(token),
                            None => Paging::Complete,
                        };
                        cmds.extend(pane.next_page(|| new_req).map(cmd));
                    }
                    Err(full) => {
                        pane.paging = Paging::Full;
                        pane.load_all = false;
                        notice = Some((
                            NoticeLevel::Warning,
                            format!("{full}: open a longer prefix to see the rest"),
                        ));
                    }
                },
                Err(error) => {
                    pane.paging = Paging::Failed(error);
                    pane.load_all = false;
                }
            },
            ObjectsMsg::Described { result, .. } => {
                if let Some(Overlay::Detail { fetch, .. }) = &mut pane.overlay {
                    *fetch = match result {
                        Ok(detail) => Fetch::Loaded(detail),
                        Err(err) => Fetch::Failed(err),
                    };
                }
            }
            ObjectsMsg::Previewed { result, .. } => {
                if let Some(Overlay::Preview { fetch, .. }) = &mut pane.overlay {
                    *fetch = match result {
                        Ok(preview) => Fetch::Loaded(preview),
                        Err(err) => Fetch::Failed(err),
                    };
                }
            }
            ObjectsMsg::DownloadProgress { done, total, .. } => {
                if let Some(download) = &mut pane.download {
                    download.done = done;
                    download.total = total;
                }
            }
            ObjectsMsg::CancelRequested { .. } => {
                if let Some(download) = &mut pane.download {
                    download.cancelling = true;
                }
            }
            ObjectsMsg::Downloaded { dest, result, .. } => {
                let Some(mut download) = pane.download.take() else {
                    return Vec::new();
                };
                download.dest = dest;
                notice = Some(match result {
                    Ok(bytes) => (
                        NoticeLevel::Info,
                        format!(
                            "downloaded {} ({}) to {}",
                            download.key,
                            human_size(bytes),
                            download.dest.display()
                        ),
                    ),
                    Err(DownloadError::Exists(dest)) => {
                        pane.dialog = Some(Dialog::Overwrite {
                            confirm: overwrite_question(&download.key, &dest),
                            key: download.key,
                            dest,
                        });
                        return Vec::new();
                    }
                    Err(DownloadError::Cancelled) => (
                        NoticeLevel::Warning,
                        format!("download of {} cancelled", download.key),
                    ),
                    Err(err) => (
                        NoticeLevel::Error,
                        format!("download of {} failed: {err}", download.key),
                    ),
                });
            }
            ObjectsMsg::Deleted { result, .. } => {
                let Some(deletion) = pane.deleting.take() else {
                    return Vec::new();
                };
                match result {
                    Ok(()) => {
                        notice = Some((NoticeLevel::Info, format!("deleted {}", deletion.key)));
                        // The listing is read again so it shows S3 as it is now.
                        if !pane.is_loading() {
                            pane.restart();
                            cmds.extend(pane.next_page(|| new_req).map(cmd));
                        }
                    }
                    Err(err) => {
                        notice = Some((
                            NoticeLevel::Error,
                            format!("{} was not deleted: {err}", deletion.key),
                        ));
                    }
                }
            }
        }
        if let Some((level, text)) = notice {
            self.notify(level, text);
        }
        cmds
    }
}

/// A new order starts at the top: after `n` the newest uploads are what
/// the operator wants to see, not the row that was selected before.
fn set_sort(pane: &mut ObjectsPane, sort: Sort) {
    pane.listing.set_sort(sort, pane.cursor.selected());
    pane.cursor.select(0, pane.listing.len());
}

fn start_download(
    pane: &mut ObjectsPane,
    req: crate::app::RequestId,
    bucket: String,
    key: String,
    dest: std::path::PathBuf,
    overwrite: bool,
) -> Vec<Cmd> {
    pane.download = Some(Download {
        req,
        key: key.clone(),
        dest: dest.clone(),
        done: 0,
        total: None,
        cancelling: false,
    });
    vec![cmd(ObjectsCmd::Download {
        req,
        bucket,
        key,
        dest,
        overwrite,
    })]
}

/// Keys while the detail or preview is shown: Esc closes it, the list keys
/// scroll the preview, q and ? keep their global meaning.
fn overlay_key(pane: &mut ObjectsPane, key: &KeyEvent) -> Option<Vec<Cmd>> {
    if matches!(key.code, KeyCode::Char('q') | KeyCode::Char('?')) {
        return None;
    }
    if key.code == KeyCode::Esc {
        pane.overlay = None;
        return Some(Vec::new());
    }
    if let Some(Overlay::Preview { scroll, fetch, .. }) = &mut pane.overlay {
        // The last line stays on screen: scrolling past it would leave an
        // empty view that Up then has to climb back from.
        let last = match fetch {
            Fetch::Loaded(Preview::Text { lines, .. }) => lines.len().saturating_sub(1),
            _ => 0,
        };
        match keymap::action_for(key, &[keymap::LIST]) {
            Some(Action::Up) => *scroll = scroll.saturating_sub(1),
            Some(Action::Down) => *scroll = (*scroll + 1).min(last),
            Some(Action::PageUp) => *scroll = scroll.saturating_sub(PREVIEW_PAGE),
            Some(Action::PageDown) => *scroll = (*scroll + PREVIEW_PAGE).min(last),
            Some(Action::Top) => *scroll = 0,
            // The end: the last page, as in a pager.
            Some(Action::Bottom) => *scroll = (last + 1).saturating_sub(PREVIEW_PAGE),
            _ => {}
        }
    }
    Some(Vec::new())
}
