// SPDX-License-Identifier: GPL-2.0-only
/* Shapes of mm/userfaultfd.c around UFFDIO_COPY's retry, written for the analysis tests. */
#include <linux/mm.h>
#include <linux/cleanup.h>

static const struct vm_uffd_ops *vma_uffd_ops(struct vm_area_struct *vma)
{
	return vma->vm_ops ? vma->vm_ops->uffd_ops : NULL;
}

struct vma_snapshot {
	const struct vm_uffd_ops *copy_ops;
	const struct vm_uffd_ops *ops;
	struct file *file;
	vma_flags_t flags;
	pgoff_t pgoff;
};

static bool vma_snapshot_changed(struct vma_snapshot *s, struct vm_area_struct *vma)
{
	vma_flags_t flags = vma_flags_and_mask(&vma->flags, VMA_SNAPSHOT_FLAGS);

	if (!vma_flags_same_pair(&s->flags, &flags))
		return true;
	if (s->ops != vma_uffd_ops(vma) || s->copy_ops != vma_uffd_copy_ops(vma))
		return true;
	if (!s->file)
		return !vma_is_anonymous(vma);
	if (!vma->vm_file || vma->vm_file->f_inode != s->file->f_inode ||
	    vma->vm_pgoff != s->pgoff)
		return true;
	return false;
}

static void mfill_put_vma(struct mfill_state *state)
{
	uffd_mfill_unlock(state->vma);
	state->vma = NULL;
}

static int mfill_get_vma(struct mfill_state *state)
{
	struct vm_area_struct *dst_vma;

	dst_vma = uffd_mfill_lock(state->ctx->mm, state->dst_start, state->len);
	if (IS_ERR(dst_vma))
		return PTR_ERR(dst_vma);
	state->vma = dst_vma;
	return 0;
}

static int mfill_copy_folio_retry(struct mfill_state *state, struct folio *folio)
{
	struct vma_snapshot s = { 0 };
	unsigned long src_addr = state->src_addr;
	void *kaddr;
	int err;

	vma_snapshot_get(&s, state->vma);
	mfill_put_vma(state);

	kaddr = kmap_local_folio(folio, 0);
	err = copy_from_user(kaddr, (const void __user *) src_addr, PAGE_SIZE);
	kunmap_local(kaddr);
	if (unlikely(err))
		return -EFAULT;

	err = mfill_get_vma(state);
	if (err)
		return err;

	if (vma_snapshot_changed(&s, state->vma)) {
		mfill_put_vma(state);
		return -EAGAIN;
	}
	if (!(state->vma->vm_flags & VM_SHARED))
		install_anon(state->vma, folio);
	return 0;
}
