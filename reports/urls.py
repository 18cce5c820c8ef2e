from .pdf_urls import urlpatterns as pdf_urlpatterns
from .programme_urls import urlpatterns as programme_urlpatterns

app_name = "reports"

urlpatterns = [*programme_urlpatterns, *pdf_urlpatterns]
