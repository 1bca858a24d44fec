# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Interactive widgets of the labs (ipywidgets 7.7 on Colab and 8.x elsewhere).

Each widget is built by a function that returns the widget and keeps its logic in a pure function
of the content modules, so tests call the logic directly and the widget stays a thin face.
ipywidgets is imported inside the functions.
"""

from __future__ import annotations

from typing import Any


# --- Lab 02: license chooser -------------------------------------------------------------------

def _recommendation_text(rec) -> str:
    """Plain-text form of an ``osai.licenses.Recommendation`` (shared by the widget and the fallback)."""
    lines = [f"Recommended: {rec.license}"]
    lines += [f"  - {reason}" for reason in rec.reasons]
    if rec.alternatives:
        lines.append("Also worth a look: " + ", ".join(rec.alternatives))
    lines.append("(Education, not legal advice.)")
    return "\n".join(lines)


def license_chooser(artifact: str = "code", copyleft: str = "none", patent_grant: bool = True,
                    attribution: bool = True, interactive: bool = True):
    """A license chooser: a few questions, a recommendation with reasons (Lab 02).

    With ipywidgets (7.7 on Colab, 8.x in JupyterLab) it returns a widget box whose answer updates as
    you change the questions. Without ipywidgets, or with ``interactive=False``, it prints the
    recommendation of :func:`osai.licenses.choose_license` for the given answers and returns it.

    >>> rec = license_chooser("data", interactive=False)
    Recommended: CDLA-Permissive-2.0
    ...
    >>> rec.license
    'CDLA-Permissive-2.0'
    """
    from osai.licenses import choose_license

    first = choose_license(artifact, copyleft=copyleft, patent_grant=patent_grant, attribution=attribution)
    try:
        if not interactive:
            raise ImportError
        import ipywidgets as widgets
    except ImportError:
        print(_recommendation_text(first))
        return first

    import html

    style = {"description_width": "initial"}
    what = widgets.Dropdown(options=[("code", "code"), ("model weights", "weights"), ("data", "data"),
                                     ("documentation", "documentation")],
                            value=artifact, description="What do you release?", style=style)
    keep_open = widgets.Dropdown(options=[("no: anyone may build closed products on it", "none"),
                                          ("changes to my files stay open", "weak"),
                                          ("derived works stay open", "strong"),
                                          ("also when offered as a network service", "network")],
                                 value=copyleft, description="Must derived works stay open?", style=style)
    patents = widgets.Checkbox(value=patent_grant, description="Want an express patent grant", indent=False)
    credit = widgets.Checkbox(value=attribution, description="Require credit (attribution)", indent=False)
    answer = widgets.HTML()

    def update(_change=None) -> None:
        rec = choose_license(what.value, copyleft=keep_open.value, patent_grant=patents.value, attribution=credit.value)
        answer.value = "<pre>" + html.escape(_recommendation_text(rec)) + "</pre>"

    for control in (what, keep_open, patents, credit):
        control.observe(update, names="value")
    update()
    return widgets.VBox([widgets.HTML("<b>License chooser</b> (education, not legal advice)"),
                         what, keep_open, patents, credit, answer])


# --- Lab 07: what-if for one credit applicant ------------------------------------------------------

def what_if_widget(model: Any, applicant: dict, background: Any, threshold: float = 1 / 6, k: int = 4) -> Any:
    """Lab 07: change one applicant's attributes and see the score and the SHAP reasons update.

    A thin face over :func:`osai.explain.what_if` (which the tests call directly): sliders for the
    numeric attributes, drop-downs for the categorical ones, and an output area with the probability of
    "bad", the decision at ``threshold`` and the adverse reasons. Works with ipywidgets 7.7 and 8.

    >>> from osai import finance
    >>> from osai.data import german_credit
    >>> X_train, X_test, y_train, y_test = finance.split_credit()
    >>> model = finance.fit_logistic(X_train, y_train)
    >>> applicant = german_credit().drop(columns="credit_risk").loc[X_test.index[0]].to_dict()
    >>> box = what_if_widget(model, applicant, X_train.iloc[:20])  # doctest: +ELLIPSIS
    VBox(...)
    >>> box.children[1].value.startswith("<pre>p(bad) = ")
    True
    """
    import ipywidgets as widgets
    from IPython.display import display

    from osai.explain import what_if
    from osai.finance import credit_categories

    controls: dict[str, Any] = {}
    for name, kind, categories in credit_categories():
        if name not in applicant:
            continue
        if kind == "numeric":
            value = int(applicant[name])
            top = {"credit_amount": 20000, "duration_months": 72, "age_years": 80}.get(name, max(10, 2 * value))
            controls[name] = widgets.IntSlider(value=value, min=0, max=max(top, value), description=name,
                                               continuous_update=False, style={"description_width": "initial"})
        else:
            controls[name] = widgets.Dropdown(options=list(categories), value=applicant[name], description=name,
                                              style={"description_width": "initial"})
    import html

    out = widgets.HTML()

    def update(*_: Any) -> None:
        current = {**applicant, **{name: control.value for name, control in controls.items()}}
        result = what_if(model, current, background, threshold=threshold, k=k)
        lines = [f"p(bad) = {result['p_bad']:.3f}  ->  {result['decision']} (threshold {threshold:.3f})"]
        lines += [f"  {reason.contribution:+.3f}  {reason}" for reason in result["reasons"]]
        out.value = "<pre>" + html.escape("\n".join(lines)) + "</pre>"

    for control in controls.values():
        control.observe(update, names="value")
    update()
    box = widgets.VBox([widgets.HBox([widgets.VBox(list(controls.values())[:9]),
                                      widgets.VBox(list(controls.values())[9:])]), out])
    display(box)
    return box
