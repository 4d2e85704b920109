"""IPM pages, inside the « proposals » namespace (included at demandes/ipm/)."""

from django.urls import path

from proposals.ipm import views

urlpatterns = [
    path("", views.cycles, name="cycles"),
    path("cycles/nouveau/", views.cycle_new, name="cycle_new"),
    path("cycles/<int:number>/", views.cycle, name="cycle"),
    path("cycles/<int:number>/phase/", views.cycle_move, name="cycle_move"),
    path("cycles/<int:number>/bilan/", views.cycle_report, name="cycle_report"),
    path("cycles/<int:number>/bilan.csv", views.cycle_report_csv, name="cycle_report_csv"),
    path(
        "cycles/<int:number>/bilan.xlsx",
        views.cycle_report_csv,
        {"fmt": "xlsx"},
        name="cycle_report_xlsx",
    ),
    path("cycles/<int:number>/bilan.pdf", views.cycle_report_pdf, name="cycle_report_pdf"),
    path("cycles/<int:number>/seances/nouvelle/", views.session_new, name="ipm_session_new"),
    path("cycles/<int:number>/groupes/nouveau/", views.group_new, name="ipm_group_new"),
    path("porter/", views.escalate, name="ipm_escalate"),
    path("points/<int:pk>/", views.item, name="ipm_item"),
    path("points/<int:pk>/instruction/", views.item_analysis, name="ipm_item_analysis"),
    path("points/<int:pk>/arguments/", views.item_argument, name="ipm_item_argument"),
    path("points/<int:pk>/pilote/", views.pilot_new, name="ipm_pilot_new"),
    path("seances/<int:pk>/", views.session, name="ipm_session"),
    path("seances/<int:pk>/compte-rendu/", views.session_minutes, name="ipm_session_minutes"),
    path("seances/<int:pk>/points/<int:item_pk>/decision/", views.decide, name="ipm_decide"),
    path("groupes/<int:pk>/", views.group, name="ipm_group"),
    path("groupes/<int:pk>/membres/", views.group_member, name="ipm_group_member"),
    path("groupes/<int:pk>/reunions/", views.meeting_new, name="ipm_meeting_new"),
    path("reunions/<int:pk>/", views.meeting_minutes, name="ipm_meeting"),
    path("documents/<int:pk>/", views.document, name="ipm_document"),
    path("pilotes/<int:pk>/", views.pilot, name="ipm_pilot"),
    path("pilotes/<int:pk>/volontaire/", views.pilot_volunteer, name="ipm_pilot_volunteer"),
    path("pilotes/<int:pk>/retour/", views.pilot_feedback, name="ipm_pilot_feedback"),
    path("pilotes/<int:pk>/<slug:act>/", views.pilot_act, name="ipm_pilot_act"),
    path("participants/", views.participants, name="ipm_participants"),
]
