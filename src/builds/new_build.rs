//! The "New deployment" form's values, and the request they make.

use faas_api::vercel::{CreateDeployment, TargetFilter as Target};

/// The form's values, and the request they make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBuild {
    pub name: String,
    pub project: String,
    pub target: Target,
    pub fail: bool,
}

impl NewBuild {
    /// The request body, or why there is none: a name is needed. Everything else the server
    /// checks, and its answer is shown as it is.
    pub fn request(&self) -> Result<CreateDeployment, &'static str> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err("A name is needed.");
        }
        let project = self.project.trim();
        let meta = self.fail.then(|| {
            let mut meta = serde_json::Map::new();
            meta.insert("fail".into(), "true".into());
            meta
        });
        Ok(CreateDeployment {
            name: name.to_owned(),
            project: (!project.is_empty()).then(|| project.to_owned()),
            target: (self.target == Target::Production).then(|| "production".to_owned()),
            meta,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(name: &str, project: &str, target: Target, fail: bool) -> NewBuild {
        NewBuild {
            name: name.into(),
            project: project.into(),
            target,
            fail,
        }
    }

    #[test]
    fn a_name_is_needed() {
        assert!(form("  ", "", Target::Preview, false).request().is_err());
    }

    #[test]
    fn the_request_says_only_what_was_chosen() {
        let body = form(" web ", "", Target::Preview, false).request().unwrap();
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"name": "web"})
        );
        let body = form("web", "site", Target::Production, true)
            .request()
            .unwrap();
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"name": "web", "project": "site", "target": "production",
                               "meta": {"fail": "true"}})
        );
    }
}
