"""Pages of the action plan (`plan`), and of the agreement and its citizen promises
(`agreement`). Every EST member reads them; coordinators and admins (PLAN_EDITORS) write."""
