//! The Schedules page's URL state: the deployment, the event state and the action type.

use faas_api::schedule::{ActionType, EventState};

use super::{Route, SchedulesQuery, UrlQuery};
use crate::url::{Params, QueryWriter};

impl UrlQuery for SchedulesQuery {
    /// `deployment`, `state` (an event's) and `action` (START or STOP), any case.
    fn from_params(params: Params<'_>) -> Self {
        SchedulesQuery {
            deployment: params.text("deployment"),
            state: params.text("state").and_then(|s| {
                let s = s.to_ascii_uppercase();
                EventState::ALL
                    .into_iter()
                    .find(|state| state.as_str() == s)
            }),
            action: params
                .text("action")
                .and_then(|a| ActionType::parse(&a.to_ascii_uppercase())),
        }
    }

    fn write(&self, query: &mut QueryWriter) {
        query
            .add_some("deployment", self.deployment.as_ref())
            .add_some("state", self.state.map(EventState::as_str))
            .add_some("action", self.action.map(ActionType::as_str));
    }

    fn route(self) -> Route {
        Route::Schedules(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schedules_query_round_trips_and_drops_what_it_cannot_read() {
        let query =
            SchedulesQuery::from_query_string("action=start&state=running&deployment=d%201");
        assert_eq!(
            query,
            SchedulesQuery {
                deployment: Some("d 1".into()),
                state: Some(EventState::Running),
                action: Some(ActionType::Start),
            }
        );
        assert_eq!(
            query.to_query_string(),
            "?deployment=d%201&state=RUNNING&action=START"
        );
        assert_eq!(
            Route::parse(&Route::Schedules(query.clone()).href()),
            Some(Route::Schedules(query))
        );
        assert_eq!(
            SchedulesQuery::from_query_string("state=LATE&action=pause&deployment="),
            SchedulesQuery::default()
        );
        assert_eq!(SchedulesQuery::default().to_query_string(), "");
    }
}
