from django.urls import path

from relief.views import donations, stock

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
    path("statistics/", donations.statistics, name="statistics"),
]
