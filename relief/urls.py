from django.urls import path

from relief.views import donations, projects, stock

app_name = "relief"

urlpatterns = [
    path("warehouses/", stock.warehouse_list, name="warehouses"),
    path("warehouses/new/", stock.warehouse_create, name="warehouse_create"),
    path("warehouses/<int:pk>/", stock.warehouse_detail, name="warehouse"),
    path("warehouses/<int:pk>/in/", stock.stock_in, name="stock_in"),
    path("warehouses/<int:pk>/distribute/", stock.distribute, name="distribute"),
    path("warehouses/<int:pk>/stocktake/", stock.adjust, name="adjust"),
    path("warehouses/<int:pk>/minimum/", stock.minimum, name="minimum"),
    path("warehouses/<int:pk>/items/<int:item_pk>/", stock.card, name="card"),
    path("warehouses/<int:pk>/export/", stock.ledger_export, name="ledger_export"),
    path("warehouses/<int:pk>/transfer/", stock.transfer_create, name="transfer_create"),
    path("warehouses/<int:pk>/request/", stock.transfer_request, name="transfer_request"),
    path("transfers/", stock.transfer_list, name="transfers"),
    path("transfers/<int:pk>/", stock.transfer_detail, name="transfer"),
    path("transfers/<int:pk>/receive/", stock.transfer_receive, name="transfer_receive"),
    path("transfers/<int:pk>/<str:action>/", stock.transfer_act, name="transfer_act"),
    path("donations/", donations.donation_list, name="donations"),
    path("donations/new/", donations.donation_create, name="donation_create"),
    path("donations/<int:pk>/", donations.donation_detail, name="donation"),
    path("donations/<int:pk>/void/", donations.donation_void, name="donation_void"),
    path("donations/<int:pk>/use/", donations.donation_use, name="donation_use"),
    path("donations/<int:pk>/receipt/", donations.receipt_pdf, name="receipt"),
    path("releases/", donations.releases, name="releases"),
    path("projects/", projects.project_list, name="projects"),
    path("projects/new/", projects.project_create, name="project_create"),
    path("projects/export/", projects.export, name="projects_export"),
    path("projects/<int:pk>/", projects.project_detail, name="project"),
    path("projects/<int:pk>/status/<str:status>/", projects.project_move, name="project_move"),
    path("projects/<int:pk>/add/<str:part>/", projects.project_add, name="project_add"),
    path("documents/<int:pk>/", projects.project_document, name="project_document"),
    path("distributions/", projects.distribution_list, name="distributions"),
    path("distributions/new/", projects.distribution_create, name="distribution_create"),
    path("statistics/", donations.statistics, name="statistics"),
]
