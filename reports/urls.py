from .pdf_urls import urlpatterns as pdf_urlpatterns
from .plan_list_urls import urlpatterns as plan_list_urlpatterns
from .programme_urls import urlpatterns as programme_urlpatterns

app_name = "reports"

urlpatterns = [*programme_urlpatterns, *pdf_urlpatterns, *plan_list_urlpatterns]
