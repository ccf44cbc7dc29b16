"""Pages of the campaigns and files: thin views (form → scope check → one service call → render).

- ``candidates``: the candidate's files and the open campaigns, withdrawal, the answer to corrections;
- ``steps``: the step-by-step form of a draft (situation, project, financial, documents, review);
- ``files``: the file page, its documents and its receipt, for everyone who may see it;
- ``campaigns``: the campaigns of UFR agents and ARS referents;
- ``instruction``: the work queue and its export, correction requests, decisions.

Objects come only through the selectors: what a user may not see answers 404.
"""
