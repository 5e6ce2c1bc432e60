// SPDX-License-Identifier: GPL-2.0-only
/* The shape of UFFDIO_MOVE's first version (move_pages_pte), for the analysis tests. */
static int move_pages_pte(struct mm_struct *mm, pmd_t *dst_pmd, pmd_t *src_pmd,
			  struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma,
			  unsigned long dst_addr, unsigned long src_addr, __u64 mode)
{
	swp_entry_t entry;
	pte_t orig_src_pte, orig_dst_pte;
	spinlock_t *src_ptl, *dst_ptl;
	pte_t *src_pte = NULL;
	pte_t *dst_pte = NULL;
	struct folio *src_folio = NULL;
	struct anon_vma *src_anon_vma = NULL;
	int err = 0;

retry:
	dst_pte = pte_offset_map_nolock(mm, dst_pmd, dst_addr, &dst_ptl);
	if (unlikely(!dst_pte)) {
		err = -EFAULT;
		goto out;
	}
	src_pte = pte_offset_map_nolock(mm, src_pmd, src_addr, &src_ptl);
	if (unlikely(!src_pte)) {
		err = -EFAULT;
		goto out;
	}

	BUG_ON(pmd_none(*dst_pmd));

	spin_lock(src_ptl);
	orig_src_pte = *src_pte;
	spin_unlock(src_ptl);

	if (pte_present(orig_src_pte)) {
		if (!src_folio) {
			struct folio *folio;

			spin_lock(src_ptl);
			if (!pte_same(orig_src_pte, *src_pte)) {
				spin_unlock(src_ptl);
				err = -EAGAIN;
				goto out;
			}
			folio = vm_normal_folio(src_vma, src_addr, orig_src_pte);
			if (!folio || folio_estimated_sharers(folio) != 1) {
				spin_unlock(src_ptl);
				err = -EBUSY;
				goto out;
			}
			folio_get(folio);
			src_folio = folio;
			spin_unlock(src_ptl);

			if (!folio_trylock(src_folio)) {
				pte_unmap(src_pte);
				pte_unmap(dst_pte);
				src_pte = dst_pte = NULL;
				folio_lock(src_folio);
				goto retry;
			}
		}
		err = move_present_pte(mm, dst_vma, src_vma, dst_addr, src_addr,
				       dst_pte, src_pte, orig_dst_pte, orig_src_pte,
				       dst_ptl, src_ptl, src_folio);
	} else {
		entry = pte_to_swp_entry(orig_src_pte);
		switch (swp_type(entry)) {
		case 0:
			err = -EFAULT;
			fallthrough;
		case 1:
			err = err ?: -ENOENT;
			break;
		default:
			err = move_swap_pte(mm, dst_addr, src_addr, dst_pte, src_pte);
		}
	}
out:
	if (src_folio) {
		folio_unlock(src_folio);
		folio_put(src_folio);
	}
	if (dst_pte)
		pte_unmap(dst_pte);
	if (src_pte)
		pte_unmap(src_pte);
	return err;
}
