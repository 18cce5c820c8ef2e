"""Small helpers shared by the task tests."""

from plans.models import Task


def reload(task) -> Task:
    return Task.objects.get(pk=task.pk)


def htmx(client, url, data=None, **kwargs):
    return client.post(url, data or {}, HTTP_HX_REQUEST="true", **kwargs)
